"""The value kinds only an acta has: a plazo, the next meeting's date, a reference to an acuerdo, a patterned text."""

from __future__ import annotations

import re

from . import yamlnodes
from .model import Deadline
from .schema import INVALID, Date, Field, Kind, Struct, parse_date
from .text import fold
from .vocabulary import DEADLINE_WORDS, NEXT_MEETING_WORDS

ACUERDO_REF = re.compile(r"^(\d{4}-\d{2}-\d{2}(?:-\d+)?)#(\d+)$")


class DeadlineKind(Kind):
    """A plazo: AAAA-MM-DD, 'a la brevedad', 'por definir', or 'hasta: AAAA-MM-DD'."""

    label = "una fecha AAAA-MM-DD, " + ", ".join(f"'{w}'" for w in DEADLINE_WORDS) + " o 'hasta: AAAA-MM-DD'"

    _until = Struct((Field("hasta", Date(), required=True),))
    _words = {fold(w): w for w in DEADLINE_WORDS}

    def convert(self, node, path, ctx):
        if isinstance(node, yamlnodes.Mapping):
            inner = self._until.convert(node, path, ctx)
            return INVALID if inner is INVALID else Deadline("hasta", inner["hasta"])
        if isinstance(node, yamlnodes.Scalar) and not node.is_null:
            word = self._words.get(fold(node.value))
            if word:
                return Deadline(word)
            if node.value[:1].isdigit():
                date = parse_date(node, path, ctx)
                return INVALID if date is INVALID else Deadline("fecha", date)
        return self.expect(node, path, ctx)

    def json_schema(self):
        return {"anyOf": [Date().json_schema(), {"enum": list(DEADLINE_WORDS)},
                          {"type": "object", "properties": {"hasta": Date().json_schema()},
                           "required": ["hasta"], "additionalProperties": False}]}


class NextDateKind(Kind):
    """The next meeting's date: AAAA-MM-DD or 'por definir'."""

    label = "una fecha AAAA-MM-DD o " + ", ".join(f"'{w}'" for w in NEXT_MEETING_WORDS)

    def convert(self, node, path, ctx):
        if isinstance(node, yamlnodes.Scalar) and not node.is_null:
            folded = fold(node.value)
            if folded in NEXT_MEETING_WORDS:
                return folded
            if node.value[:1].isdigit():
                return parse_date(node, path, ctx)
        return self.expect(node, path, ctx)

    def json_schema(self):
        return {"anyOf": [Date().json_schema(), {"enum": list(NEXT_MEETING_WORDS)}]}


class AcuerdoRefKind(Kind):
    """A reference to an earlier acuerdo: 'AAAA-MM-DD#N' (acta, then the acuerdo's number)."""

    label = "una referencia 'AAAA-MM-DD#N' (fecha del acta y número del acuerdo)"

    def convert(self, node, path, ctx):
        if isinstance(node, yamlnodes.Scalar) and ACUERDO_REF.match(node.value.strip()):
            return node.value.strip()
        return self.expect(node, path, ctx)

    def json_schema(self):
        return {"type": "string", "pattern": ACUERDO_REF.pattern}


class PatternKind(Kind):
    """A text that must match a pattern."""

    def __init__(self, pattern: re.Pattern, label: str):
        self.pattern = pattern
        self.label = label

    def convert(self, node, path, ctx):
        if isinstance(node, yamlnodes.Scalar) and self.pattern.fullmatch(node.value):
            return node.value
        return self.expect(node, path, ctx)

    def json_schema(self):
        return {"type": "string", "pattern": self.pattern.pattern}

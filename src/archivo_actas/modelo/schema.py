"""Declarative front-matter schema: each kind converts a YAML node to a value and reports every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from .layout import REGISTRY_FILES
from .problems import ProblemList
from .text import closest, fold, nfc
from .vocabulary import EARLIEST_DATE, LATEST_DATE
from .yamlnodes import KIND_NAMES, Mapping, Node, Scalar, Sequence

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()

# Each rule is one pattern, compiled for the validator and published as is in the JSON Schema (whose patterns have
# no flags: a case-blind rule spells each letter in both cases).
# A tag starts right after "<" (as for browsers and Markdown): "x < y" is text, "<b>", "</b" and "<!--" are not.
TAG_START = r"</?[a-zA-Z!]"
_DANGEROUS_SCHEMES = ("javascript", "vbscript", "data")
DANGEROUS_URL = r"\b(?:" + "|".join("".join(f"[{c.upper()}{c}]" for c in s) for s in _DANGEROUS_SCHEMES) + r")\s*:"
TIME = r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$"
_HTML = re.compile(TAG_START)
_DANGEROUS_URL = re.compile(DANGEROUS_URL)
_TIME = re.compile(TIME)
# Only to tell a time written in another form ('15.00') from one that does not exist ('25:00').
_TIME_FORM = re.compile(r"^\d{1,2}:\d{2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Context:
    """What a conversion needs: where to report, and the registry for references (None while reading it)."""

    problems: ProblemList
    registry: Any = None


def visible(value: str) -> str:
    """A value as a one-line message can show it: line breaks and other controls escaped (\\n, \\x7f…)."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in value)


def shown(node: Node) -> str:
    """Describe what was written, for a message."""
    if isinstance(node, Scalar):
        return "un valor vacío" if node.is_null else f"'{visible(node.value)}'"
    return KIND_NAMES[type(node)]


class Kind:
    """A kind of value: label is how messages name it, convert returns the value or INVALID."""

    label = "un valor"

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        """The same rule as JSON Schema (draft 2020-12), over front matter whose scalars are strings."""
        raise NotImplementedError

    def expect(self, node: Node, path: str, ctx: Context) -> Any:
        """Report that node is not of this kind."""
        if is_pending(node):
            return pending(node, path, ctx, f"se esperaba {self.label}")
        ctx.problems.add(node.line, path, f"se esperaba {self.label}, no {shown(node)}")
        return INVALID


PENDING = "TODO"


def is_pending(node: Node) -> bool:
    """A value the importer or the template left for a person to complete."""
    return isinstance(node, Scalar) and PENDING in node.value


def pending(node: Node, path: str, ctx: Context, hint: str) -> Any:
    """Report a TODO left in a value: a draft cannot be merged until it is completed."""
    ctx.problems.add(node.line, path, f"dato pendiente (TODO): complételo o corríjalo; {hint}")
    return INVALID


def usable(values: dict, *keys: str) -> bool:
    """True when none of keys failed to convert: cross-field rules skip what is already reported."""
    for key in keys:
        if values.get(key) is INVALID:
            return False
    return True


def check_plain_text(value: str, line: int, path: str, ctx: Context) -> bool:
    """Texts are plain: no HTML and no script or data URLs."""
    ok = True
    if "<" in value and _HTML.search(value):
        ctx.problems.add(line, path, "no se admite HTML: escriba el texto sin etiquetas '<…>'")
        ok = False
    if ":" in value and _DANGEROUS_URL.search(value):
        ctx.problems.add(line, path, "no se admiten direcciones 'javascript:', 'vbscript:' ni 'data:'")
        ok = False
    return ok


@dataclass(frozen=True)
class Text(Kind):
    """A non-empty plain text; one line unless multiline."""

    multiline: bool = False
    label: str = "un texto"

    def convert(self, node, path, ctx):
        if not isinstance(node, Scalar) or node.is_null:
            return self.expect(node, path, ctx)
        value = nfc(node.value).strip()
        if not value:
            ctx.problems.add(node.line, path, "no puede estar vacío")
            return INVALID
        if is_pending(node):
            return pending(node, path, ctx, "quite la marca TODO cuando el texto esté revisado")
        if not self.multiline and "\n" in value:
            ctx.problems.add(node.line, path, "debe ir en una sola línea")
            return INVALID
        if not check_plain_text(value, node.line, path, ctx):
            return INVALID
        return value

    def json_schema(self):
        schema = {"type": "string", "minLength": 1, "not": {"pattern": f"{TAG_START}|{DANGEROUS_URL}|{PENDING}"}}
        if not self.multiline:
            schema["pattern"] = r"^[^\n]*$"
        return schema


@dataclass(frozen=True)
class Identifier(Kind):
    """An id of lowercase ASCII letters, digits and hyphens."""

    label: str = "un identificador (minúsculas sin tildes, números y guiones, p. ej. 'claudia-montero')"

    def convert(self, node, path, ctx):
        if not isinstance(node, Scalar) or node.is_null:
            return self.expect(node, path, ctx)
        if not ID_PATTERN.fullmatch(node.value):
            return self.expect(node, path, ctx)
        return node.value

    def json_schema(self):
        return {"type": "string", "pattern": ID_PATTERN.pattern}


def parse_date(node: Node, path: str, ctx: Context) -> Any:
    """Read an ISO date, telling a wrong format from an impossible date."""
    if not isinstance(node, Scalar) or node.is_null:
        ctx.problems.add(node.line, path, f"se esperaba una fecha AAAA-MM-DD, no {shown(node)}")
        return INVALID
    raw = node.value.strip()
    if not _ISO_DATE.match(raw):
        ctx.problems.add(node.line, path, f"se esperaba una fecha AAAA-MM-DD, no '{raw}'")
        return INVALID
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        ctx.problems.add(node.line, path, f"la fecha '{raw}' no existe en el calendario")
        return INVALID
    if not EARLIEST_DATE <= raw <= LATEST_DATE:
        ctx.problems.add(node.line, path,
                         f"la fecha '{raw}' está fuera del rango admitido ({EARLIEST_DATE} a {LATEST_DATE}): revísela")
        return INVALID
    return value


@dataclass(frozen=True)
class Date(Kind):
    """An ISO 8601 calendar date."""

    label: str = "una fecha AAAA-MM-DD"

    def convert(self, node, path, ctx):
        return parse_date(node, path, ctx)

    def json_schema(self):
        return {"type": "string", "format": "date", "pattern": _ISO_DATE.pattern}


@dataclass(frozen=True)
class Time(Kind):
    """A time of day written HH:MM."""

    label: str = "una hora HH:MM"

    def convert(self, node, path, ctx):
        if not isinstance(node, Scalar) or node.is_null:
            return self.expect(node, path, ctx)
        raw = node.value.strip()
        match = _TIME.match(raw)
        if match:
            return dt.time(int(match[1]), int(match[2]))
        if is_pending(node):
            return pending(node, path, ctx, "escriba la hora del original, HH:MM (p. ej. '15:00'), o ~ si no consta")
        if _TIME_FORM.match(raw):
            ctx.problems.add(node.line, path, f"la hora '{raw}' no existe")
        else:
            ctx.problems.add(node.line, path, f"se esperaba una hora HH:MM (p. ej. '15:00'), no '{raw}'")
        return INVALID

    def json_schema(self):
        return {"type": "string", "pattern": TIME}


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed vocabulary."""

    values: tuple[str, ...]

    @property
    def label(self) -> str:
        return "uno de: " + ", ".join(f"'{v}'" for v in self.values)

    def convert(self, node, path, ctx):
        if not isinstance(node, Scalar) or node.is_null:
            return self.expect(node, path, ctx)
        value = node.value.strip()
        if value in self.values:
            return value
        suggestion = closest(value, {fold(v): v for v in self.values}, cutoff=0.6)
        hint = f"; ¿quiso decir '{suggestion}'?" if suggestion else ""
        ctx.problems.add(node.line, path, f"valor no admitido '{value}'{hint} (admitidos: {', '.join(self.values)})")
        return INVALID

    def json_schema(self):
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class Ref(Kind):
    """The id of a registry person ('persona') or institution ('institucion')."""

    target: str

    @property
    def label(self) -> str:
        return f"el identificador de una {'persona' if self.target == 'persona' else 'institución'} del registro"

    def convert(self, node, path, ctx):
        if not isinstance(node, Scalar) or node.is_null:
            return self.expect(node, path, ctx)
        value = node.value
        if ctx.registry is not None and ctx.registry.has(self.target, value):  # its id fits ID_PATTERN: no TODO
            return value
        if is_pending(node):
            return pending(node, path, ctx, f"se esperaba {self.label}")
        if ctx.registry is None:
            return value
        broken = ctx.registry.broken_file(self.target, value)
        if broken:
            ctx.problems.add(node.line, path,
                             f"'{value}' no se puede comprobar: {broken} tiene errores; corríjalos primero")
            return INVALID
        suggestion = ctx.registry.suggest(self.target, value)
        hint = (f"; ¿quiso decir '{suggestion}'?" if suggestion else
                f"; si es nueva, agregue a {REGISTRY_FILES[self.target]} la entrada «- id: {value}» con su nombre, "
                "o corrija el identificador")
        ctx.problems.add(node.line, path, f"'{value}' no está en el registro{hint}")
        return INVALID

    def json_schema(self):
        return {"type": "string", "pattern": ID_PATTERN.pattern, "description": self.label}


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of one kind; empty allowed unless min_items."""

    item: Kind
    min_items: int = 0
    label: str = "una lista (un elemento por línea, cada uno empezando con '- ')"

    def convert(self, node, path, ctx):
        if not isinstance(node, Sequence):
            return self.expect(node, path, ctx)
        if len(node.items) < self.min_items:
            ctx.problems.add(node.line, path, f"debe tener al menos {self.min_items} elemento(s)")
        values = [self.item.convert(item, f"{path}[{i}]", ctx) for i, item in enumerate(node.items, start=1)]
        for value in values:
            if value is INVALID:
                return INVALID
        return tuple(values)

    def json_schema(self):
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True)
class Field:
    """A key of a mapping: its kind, whether it must be present, whether null ('no consta') is allowed."""

    key: str
    kind: Kind
    required: bool = False
    nullable: bool = False
    default: Any = None
    attr: str = ""
    doc: str = ""

    @cached_property
    def name(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Struct(Kind):
    """A mapping with known keys; unknown keys are errors with a suggestion."""

    fields: tuple[Field, ...]
    build: Callable[..., Any] = dict
    check: Callable[[dict, Mapping, str, Context], None] | None = None
    label: str = "un mapa de claves ('clave: valor')"
    needs_one_of: tuple[str, ...] = ()

    def convert(self, node, path, ctx):
        if not isinstance(node, Mapping):
            return self.expect(node, path, ctx)
        known = self._known
        values: dict[str, Any] = dict(self._defaults)
        ok, required = True, 0
        for key, line, value_node in node.entries:
            where = f"{path}.{key}" if path else key
            spec = known.get(key)
            if spec is None:
                suggestion = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                hint = f"¿quiso decir '{suggestion[0]}'?" if suggestion else "admitidas: " + ", ".join(known)
                ctx.problems.add(line, where, f"clave desconocida; {hint}")
                ok = False
                continue
            required += spec.required
            if isinstance(value_node, Scalar) and value_node.is_null:
                if spec.nullable:
                    values[spec.name] = None
                    continue
                ctx.problems.add(line, where, f"no puede quedar vacío: se esperaba {spec.kind.label}")
                ok = False
                continue
            converted = spec.kind.convert(value_node, where, ctx)
            ok = ok and converted is not INVALID
            values[spec.name] = converted
        # Keys are not repeated (yamlnodes): as many required keys as there are means none is missing.
        if required < len(self._required):
            present = {key for key, _line, _value in node.entries}
            for spec in self._required:
                if spec.key not in present:
                    ctx.problems.add(node.line, f"{path}.{spec.key}" if path else spec.key,
                                     f"falta la clave obligatoria '{spec.key}' ({spec.doc or spec.kind.label})")
                    ok = False
        # Cross-field rules run on the fields that did convert, so one bad key hides nothing else.
        if self.check is not None and self.check(values, node, path, ctx) is False:
            ok = False
        return self.build(**values) if ok else INVALID

    @cached_property
    def _known(self) -> dict[str, Field]:
        """Each field by its key."""
        return {f.key: f for f in self.fields}

    @cached_property
    def _required(self) -> tuple[Field, ...]:
        """The keys that must be written."""
        return tuple(f for f in self.fields if f.required)

    @cached_property
    def _defaults(self) -> dict[str, Any]:
        """What an optional key that is not written is worth."""
        return {f.name: f.default for f in self.fields if not f.required}

    def json_schema(self):
        properties = {}
        for spec in self.fields:
            schema = spec.kind.json_schema()
            if spec.doc:
                schema = {**schema, "description": spec.doc}
            properties[spec.key] = {"anyOf": [schema, {"type": "null"}]} if spec.nullable else schema
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [spec.key for spec in self.fields if spec.required]
        if required:
            schema["required"] = required
        if self.needs_one_of:
            schema["anyOf"] = [{"required": [key]} for key in self.needs_one_of]
        return schema

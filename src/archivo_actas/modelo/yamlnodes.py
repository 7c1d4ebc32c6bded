"""Strict YAML reading that keeps each value's line: duplicate keys, anchors, aliases and tags are errors."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import yaml

from .problems import ProblemList
from .vocabulary import MAX_YAML_DEPTH

# Control and format characters (C0 and C1 controls, zero-width, bidi overrides and isolates, BOM, noncharacters,
# surrogates): invisible or reordering, never part of an acta. A line break is a value's only allowed control.
INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff"
                       "\ud800-\udfff]")


# Printable ASCII and the line break: none is in INVISIBLE. Removing them from the UTF-8 bytes (a C loop) leaves a few
# hundred characters of an acta to search instead of ten thousand; multi-byte characters stay whole.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
_PLAIN_ASCII_AND_TAB = _PLAIN_ASCII + b"\t"


def has_invisible(text: str, tabs: bool = False) -> bool:
    """Whether text holds a character of INVISIBLE (a tab is allowed with tabs)."""
    return has_invisible_utf8(text.encode("utf-8", "surrogatepass"), tabs)


def has_invisible_utf8(data: bytes, tabs: bool = False) -> bool:
    """Whether valid UTF-8 bytes (a file already decoded once) hold a character of INVISIBLE (a tab is allowed with
    tabs)."""
    rest = data.translate(None, _PLAIN_ASCII_AND_TAB if tabs else _PLAIN_ASCII)
    return bool(rest) and INVISIBLE.search(rest.decode("utf-8", "surrogatepass")) is not None


def invisible_message(char: str) -> str:
    """How a contributor is told about one invisible or control character."""
    return (f"carácter invisible o de control no admitido (U+{ord(char):04X}): "
            "bórrelo y vuelva a escribir el texto a mano")

# How YAML writes null: a plain (unquoted) scalar that is empty, '~' or 'null'.
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# The nodes of the tree are named tuples: immutable as a frozen dataclass, and built in half the time (a document
# has about a hundred).
class Scalar(NamedTuple):
    """A YAML scalar as written: its text, and whether it was quoted."""

    line: int
    value: str
    quoted: bool

    @property
    def is_null(self) -> bool:
        """An unquoted empty value, '~' or 'null' is null."""
        return not self.quoted and self.value in NULLS


class Sequence(NamedTuple):
    """A YAML list."""

    line: int
    items: tuple["Node", ...]


class Mapping(NamedTuple):
    """A YAML mapping whose keys are strings, in the order written."""

    line: int
    entries: tuple[tuple[str, int, "Node"], ...]

    def get(self, key: str) -> "Node | None":
        """Return the value of key, or None when absent."""
        for name, _line, value in self.entries:
            if name == key:
                return value
        return None

    def line_of(self, key: str) -> int | None:
        """Return the line where key is written, or None when absent."""
        for name, line, _value in self.entries:
            if name == key:
                return line
        return None


Node = Scalar | Sequence | Mapping

KIND_NAMES = {Scalar: "un valor", Sequence: "una lista", Mapping: "un mapa de claves"}

# PyYAML's English problems, and how to say them to a contributor.
_TRANSLATIONS = (
    ("found character '\\t'", "hay un tabulador: YAML solo admite espacios para sangrar"),
    ("mapping values are not allowed",
     "':' inesperado: ¿falta un espacio después de ':', o el texto lleva ':' y debe ir entre comillas?"),
    ("while scanning a quoted scalar", "comillas sin cerrar"),
    ("found unexpected end of stream", "comillas sin cerrar"),
    ("could not find expected ':'", "falta ':' después de la clave, o una línea quedó mal sangrada"),
    ("expected <block end>", "sangría incorrecta: esta línea no se alinea con las anteriores"),
    ("did not find expected key", "sangría incorrecta: esta línea no se alinea con las anteriores"),
    ("did not find expected '-' indicator",
     "sangría incorrecta en una lista: cada elemento empieza con '- ' a la misma altura"),
    ("found undefined alias", "alias de YAML ('*…') no admitido"),
    ("found unhashable key", "una clave no puede ser una lista ni un mapa"),
    ("expected a single document", "el encabezado contiene más de un documento YAML ('---' de más)"),
    ("found character '@' that cannot start", "un valor no puede empezar con '@': póngalo entre comillas"),
    ("found character '`' that cannot start", "un valor no puede empezar con '`': póngalo entre comillas"),
)


def _describe(error: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """Return the 1-based line and a Spanish description of a PyYAML error."""
    text = f"{error.context or ''} {error.problem or ''}"
    for needle, spanish in _TRANSLATIONS:
        if needle in text:
            quoted = needle == "while scanning a quoted scalar" and error.context_mark
            mark = error.context_mark if quoted else error.problem_mark
            return (mark.line + 1 if mark else None), f"error de sintaxis YAML: {spanish}"
    mark = error.problem_mark or error.context_mark
    return (mark.line + 1 if mark else None), ("error de sintaxis YAML: revise en esta línea las comillas, "
                                               "los ':' y la sangría (vea docs/contribuir/modelo.md)")


def _unclosed_quote_line(text: str, before: int | None) -> int | None:
    """The first line up to 'before' that opens a quoted value and does not close it."""
    for number, line in enumerate(text.split("\n")[: before or None], start=1):
        value = (line.split(":", 1)[1].strip() if ":" in line and not line.lstrip().startswith("- ")
                 else line.strip().removeprefix("- ").strip())
        for quote in ('"', "'"):
            if value.startswith(quote) and (len(value) == 1 or not value.rstrip().endswith(quote)):
                return number
    return None


def _report(error: yaml.MarkedYAMLError, text: str, problems: ProblemList) -> None:
    """Report a PyYAML error; a quote left open is named as such, at its own line."""
    line, message = _describe(error)
    quote_line = _unclosed_quote_line(text, line)
    if quote_line is not None:
        line, message = quote_line, "error de sintaxis YAML: comillas sin cerrar"
    problems.add(line, "yaml", message)


def _reject_anchors_and_tags(text: str, problems: ProblemList, loader) -> bool:
    """Report anchors, aliases and explicit tags; True when there were none. Syntax errors propagate."""
    clean = True
    aliases: dict[tuple[int, str], int] = {}
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            # One message per alias and line: a 'billion laughs' document repeats the same alias many times.
            aliases[line, event.anchor] = aliases.get((line, event.anchor), 0) + 1
            clean = False
        elif getattr(event, "anchor", None):
            problems.add(line, "yaml", f"ancla de YAML '&{event.anchor}' no admitida: escriba el valor completo")
            clean = False
        if getattr(event, "tag", None) not in (None, "!") and not isinstance(event, yaml.DocumentStartEvent):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            problems.add(line, "yaml", f"etiqueta de YAML '{tag}' no admitida: quítela y escriba el valor sin etiqueta")
            clean = False
    for (line, anchor), times in aliases.items():
        repeated = f" ({times} veces en la línea)" if times > 1 else ""
        problems.add(line, "yaml", f"alias de YAML '*{anchor}' no admitido{repeated}: escriba el valor completo")
    return clean


_QUOTED = frozenset(("'", '"', "|", ">"))
# A node is built as the tuple it is, without the named tuple's own constructor (a Python function).
_new = tuple.__new__


def _convert(node: yaml.Node, problems: ProblemList, invisible: bool = True) -> Node:
    """Turn a composed PyYAML node into Scalar, Sequence or Mapping, reporting duplicate keys, and invisible
    characters unless the document cannot hold any."""
    if isinstance(node, yaml.ScalarNode):
        line = node.start_mark.line + 1
        found = invisible and INVISIBLE.search(node.value)
        if found:
            problems.add(line, "yaml", invisible_message(found[0]))
        return _new(Scalar, (line, node.value, node.style in _QUOTED))
    if isinstance(node, yaml.SequenceNode):
        return _new(Sequence, (node.start_mark.line + 1, tuple([_convert(item, problems, invisible)
                                                                 for item in node.value])))
    entries: list[tuple[str, int, Node]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_line, "yaml", "una clave debe ser un texto, no una lista ni un mapa")
            continue
        key = key_node.value
        if key in seen:
            problems.add(key_line, key, f"clave repetida (ya aparece en la línea {seen[key] + problems.line_offset}); "
                         "YAML se quedaría solo con la última: deje una")
            continue
        seen[key] = key_line
        # Most values are scalars: built here, without a call of their own.
        if not invisible and isinstance(value_node, yaml.ScalarNode):
            value = _new(Scalar, (value_node.start_mark.line + 1, value_node.value, value_node.style in _QUOTED))
        else:
            value = _convert(value_node, problems, invisible)
        entries.append((key, key_line, value))
    return _new(Mapping, (node.start_mark.line + 1, tuple(entries)))


# libyaml when available: the same documents, several times faster. Its error texts differ from PyYAML's,
# so a document that fails is read again by the pure-Python loader, whose messages are translated.
try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None


if CParser is not None:
    class _Composer(CParser):
        """libyaml composing nodes and nothing more: no implicit tags (a scalar is null by how it is written,
        Scalar.is_null, and nothing else reads a tag), no path resolvers, no constructor."""

        def resolve(self, kind, value, implicit):
            """No implicit tags."""
            return None

        def descend_resolver(self, current_node, current_index):
            """No path resolvers: nothing to do when a node begins."""
            return None

        def ascend_resolver(self):
            """No path resolvers: nothing to do when a node ends."""
            return None


FAST_LOADER = _Composer if CParser is not None else yaml.SafeLoader


def load(text: str, problems: ProblemList, invisible: bool | None = None) -> Node | None:
    """Parse one YAML document; None (with problems recorded) when it cannot be read. invisible, when known, says
    whether the text may hold an invisible character."""
    for loader in dict.fromkeys((FAST_LOADER, yaml.SafeLoader)):
        attempt = ProblemList(problems.path, problems.line_offset)
        try:
            node = _load_with(text, attempt, loader, invisible)
        except yaml.MarkedYAMLError as error:
            if loader is not yaml.SafeLoader:
                continue
            _report(error, text, attempt)
            node = None
        except yaml.reader.ReaderError as error:
            attempt.add(text.count("\n", 0, error.position) + 1, "yaml", invisible_message(chr(error.character)))
            node = None
        except yaml.YAMLError:
            attempt.add(None, "yaml",
                        "error de sintaxis YAML: el encabezado no se puede leer; revise comillas, ':' y sangría")
            node = None
        problems.extend(attempt)
        return node
    return None


@functools.lru_cache(maxsize=None)
def _lead_of(width: int) -> re.Pattern:
    """A line that starts with at least width spaces and list dashes."""
    return re.compile(rf"\n[ -]{{{width}}}")


def _could_be_deep(text: str) -> bool:
    """Whether some line's indentation, dashes and brackets could reach past MAX_YAML_DEPTH levels."""
    # No line can: no lead reaches the depth left by every bracket of the document.
    width = 2 * (MAX_YAML_DEPTH - text.count("[") - text.count("{") + 1)
    if width > 0 and not _lead_of(width).search("\n" + text):
        return False
    for line in text.split("\n"):
        lead = len(line) - len(line.lstrip(" -"))
        if lead // 2 + line.count("[") + line.count("{") > MAX_YAML_DEPTH:
            return True
    return False


def _too_deep(text: str, loader) -> int | None:
    """The line where lists and maps nest deeper than MAX_YAML_DEPTH, if they do (read as events: no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return event.start_mark.line + 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _load_with(text: str, problems: ProblemList, loader, invisible: bool | None = None) -> Node | None:
    # Anchors, aliases and tags are written with '&', '*' and '!': without them there is nothing to look for.
    if any(mark in text for mark in "&*!") and not _reject_anchors_and_tags(text, problems, loader):
        return None
    # Nesting is what makes composing recurse: a document that could nest deeper than allowed (by its indentation,
    # list dashes and brackets, line by line) is measured first.
    if _could_be_deep(text):
        line = _too_deep(text, loader)
        if line is not None:
            problems.add(line, "yaml", f"listas o mapas anidados a más de {MAX_YAML_DEPTH} niveles: "
                         "un acta no necesita tantos; simplifíquelo")
            return None
    node = yaml.compose(text, Loader=loader)
    # A value holds an invisible character written as is, or as an escape ('\u200b') between double quotes.
    invisible = "\\" in text or (has_invisible(text) if invisible is None else invisible)
    return None if node is None else _convert(node, problems, invisible)


def plain(node: Node | None):
    """The document as JSON values, scalars as written (strings) and null: what the JSON Schema describes."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return None if node.is_null else node.value
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return {key: plain(value) for key, _line, value in node.entries}

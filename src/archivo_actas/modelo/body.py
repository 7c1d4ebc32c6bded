"""An acta's narrative: CommonMark with GitHub's tables and strikethrough, read once as events, rendered once, cleaned
by an allowlist (nh3), refused at its line wherever cleaning would change it.

The parser (pulldown-cmark, through pyromark) reads the text as GitHub's preview does and says where each thing it
found begins: raw HTML, comments, link and image addresses, headings, and how deep quotes and lists nest. What is
published is the cleaned HTML; a narrative with any problem is not published. The site receives headings as plain
text (for the page's table of contents) and the rest as finished HTML fragments: MkDocs never parses what a
contributor wrote.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
import pyromark
from markdown.extensions.toc import slugify as toc_slug

from .problems import Problem
from .vocabulary import MAX_NESTING, MAX_TABLE_CELLS

OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
TAGS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em",
                  "del", "code", "pre", "a", "img", "table", "thead", "tbody", "tr", "th", "td"})
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}
# A table column's alignment is the only style a narrative carries.
STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})
# Sections and anchors the acta page generates around the narrative (acta.html.j2): a heading of the narrative cannot
# take them.
GENERATED_SECTIONS = ("Asistentes", "Tabla", "Acuerdos", "Procedencia", "Historial de cambios")
_GENERATED_ANCHOR = re.compile(r"^acuerdo-\d+$")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
# How a link or image written as a reference ('[texto][ref]', '[ref][]', '[ref]') says so.
_REFERENCES = ("Reference", "Collapsed", "Shortcut")
# Containers that nest: each quote and each list is one level.
_NESTING = frozenset({"BlockQuote", "List"})


@dataclass(frozen=True)
class Heading:
    """A heading of the narrative, as plain text."""

    level: int
    text: str


@dataclass(frozen=True)
class Fragment:
    """Cleaned HTML between two headings."""

    html: str


def scheme(url: str) -> str | None:
    """The URL's scheme as a browser reads it (entities decoded, controls and spaces dropped); None when relative."""
    plain = _CONTROL.sub("", html.unescape(url)).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", plain)
    return match[1] if match else None


def _is_local(url: str) -> bool:
    """An address inside the archive: relative, without a scheme or a host of its own."""
    plain = _CONTROL.sub("", html.unescape(url))
    return scheme(url) is None and not plain.startswith(("//", "\\\\", "/\\", "\\/"))


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    return None if tag == "img" and attribute == "src" and not _is_local(value) else value


_CLEANER = nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       url_schemes=set(URL_SCHEMES), attribute_filter=_keep_local_images, link_rel=None,
                       strip_comments=True, clean_content_tags={"script", "style"},
                       filter_style_properties=set(STYLE_PROPERTIES))


def clean(fragment: str) -> str:
    """The allowlist: only the tags, attributes and URL schemes a narrative needs; images only from the archive."""
    return _CLEANER.clean(fragment)


def _raw_offense(chunk: str) -> tuple:
    """What a piece of raw HTML is: a comment, an address written as a tag, or a tag."""
    if chunk.lstrip().startswith("<!--"):
        return ("comentario",)
    name = re.match(r"^\s*<\s*/?\s*([^\s/>]*)", chunk)
    name = name[1].lower() if name else ""
    return ("enlace", scheme(name)) if scheme(name) else ("html", name or "…")


def _address_offense(kind: str, url: str, by_reference: bool = False) -> tuple | None:
    """A link to anything but http, https, mailto or a relative address (unless checked where its reference is
    defined); an image from another site."""
    if scheme(url) not in (None, *URL_SCHEMES) and not by_reference:
        return ("enlace", scheme(url))
    if kind == "Image" and not _is_local(url):
        return ("imagen", url)
    return None


_FENCE = re.compile(r"^[\s>]*(`{3,}|~{3,})")


def _fence_offense(info: str, block: str, code: str) -> tuple | None:
    """A code block names no language (the allowlist keeps no classes), and its fence is closed: one left open turns
    the rest of the narrative into code. The block's last line closes it when it is a fence the code does not end
    with (a fence indented too far, or after '>' outside a quote, is code)."""
    if info.strip():
        return ("lenguaje", block.split("\n", 1)[0].strip())
    lines, written = block.rstrip().split("\n"), code.rstrip("\n").split("\n")
    opening, closing = _FENCE.match(lines[0]), _FENCE.match(lines[-1]) if len(lines) > 1 else None
    if (closing is None or closing[1][0] != opening[1][0] or len(closing[1]) < len(opening[1])
            or lines[-1][closing.end():].strip()
            or _FENCE.sub(r"\1", written[-1]).rstrip() == _FENCE.sub(r"\1", lines[-1]).rstrip()):
        return ("cerco", opening[1])
    return None


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    """The anchor a heading gets: the table of contents' own (Python-Markdown's), which drops punctuation."""
    return toc_slug(text, "-")


_GENERATED_SLUGS = frozenset(_slug(name) for name in GENERATED_SECTIONS)


def _heading_offense(level: int, text: str) -> tuple | None:
    """A level-1 heading, or one that takes the name (or the anchor) of a section the page generates."""
    if level == 1:
        return ("titulo1", text)
    slug = _slug(text)
    if slug in _GENERATED_SLUGS or _GENERATED_ANCHOR.match(slug):
        return ("seccion", text)
    return None


def _name(payload) -> str:
    """The kind of a Start or End event: a bare name, or the one key of its details."""
    return payload if isinstance(payload, str) else next(iter(payload))


class _Unplaced(Exception):
    """Something the events read without their places cannot place: an offense, or a fenced code block."""


class _Reader:
    """What the events of a narrative say: each offense with its byte offset, and the headings in order (level,
    plain text, whether at the top level)."""

    def __init__(self, text: str) -> None:
        self.text, self.source = text, b""
        self.offenses: list[tuple[int, tuple]] = []
        self.headings: list[tuple[int, str, bool]] = []
        self.depth = self.nesting = 0
        self.heading: list | None = None  # level, words so far, whether at the top level
        self.in_image = False
        self.code: list[str] | None = None  # the text of the code block being read
        self.fence: str | None = None  # its info string, when it is fenced
        self.table: list = [None, 0, 0]  # where the table starts, its columns and rows
        self.html_block: bool | None = None  # inside an HTML block: whether it was reported

    def read(self) -> _Reader:
        """The parser's events, first without their places (cheaper to receive), and again with them only when
        something must be placed; a narrative nested past MAX_NESTING is read no further."""
        try:
            return self._walk(zip(pyromark.events(self.text, options=OPTIONS), itertools.repeat(None)))
        except _Unplaced:
            return _Reader(self.text)._walk(pyromark.events_with_range(self.text, options=OPTIONS))

    def _walk(self, events) -> _Reader:
        """One pass over events, each with its place (or None)."""
        for event, where in events:
            if isinstance(event, str):  # a break or a rule
                if self.heading is not None and event in ("SoftBreak", "HardBreak"):
                    self.heading[1] += " "
            elif "Text" in event or "Code" in event:
                # An unmatched '*' before a closing '#' leaves an empty text.
                if self.heading is not None or self.code is not None:
                    self._words(event["Text"] if "Text" in event else event["Code"])
            elif "Start" in event:
                # A paragraph, the most common element, only deepens.
                if event["Start"] == "Paragraph":
                    self.depth += 1
                elif not self._start(_name(event["Start"]), event["Start"], where):
                    self.offenses = []
                    self._found(where, ("anidado",))
                    return self
            elif "End" in event:
                if event["End"] == "Paragraph":
                    self.depth -= 1
                else:
                    self._end(_name(event["End"]), where)
            elif "Html" in event or "InlineHtml" in event:
                # An HTML block is one offense, at its first line; each tag written inline is one.
                if not self.html_block:
                    self._found(where, _raw_offense(event.get("Html") or event.get("InlineHtml")))
                self.html_block = None if self.html_block is None else True
        if "]:" in self.text:
            # A reference's address is checked where it is defined, also when nothing uses it.
            self.offenses += [(definition["span"]["start"], found) for definition in
                              pyromark.reference_definitions(self.text, options=OPTIONS).values()
                              if (found := _address_offense("Link", definition["dest"]))]
        return self

    def _found(self, where: dict | None, offense: tuple | None) -> None:
        if offense:
            if where is None:
                raise _Unplaced
            self.offenses.append((where["start"], offense))

    def _words(self, words: str) -> None:
        if self.heading is not None and not self.in_image:
            self.heading[1] += words
        if self.code is not None:
            self.code.append(words)

    def _start(self, name: str, details, where: dict) -> bool:
        """An element begins; False when it nests too deep."""
        self.depth += 1
        self.nesting += name in _NESTING
        if name == "Heading":
            self.heading = [int(details["Heading"]["level"][1]), "", self.depth == 1]
        elif name in ("Link", "Image"):
            self.in_image = self.in_image or name == "Image"
            by_reference = details[name]["link_type"].startswith(_REFERENCES)
            self._found(where, _address_offense(name, details[name]["dest_url"], by_reference))
        elif name == "HtmlBlock":
            self.html_block = False
        elif name == "CodeBlock":
            self.code = []
            self.fence = details["CodeBlock"]["Fenced"] if isinstance(details["CodeBlock"], dict) else None
        elif name == "Table":
            self.table = [where, len(details["Table"]), 0]
        elif name in ("TableHead", "TableRow"):
            self.table[2] += 1
        return self.nesting <= MAX_NESTING

    def _end(self, name: str, where: dict) -> None:
        self.depth -= 1
        self.nesting -= name in _NESTING
        if name == "Heading" and self.heading is not None:
            level, words, top = self.heading
            self.heading = None
            self.headings.append((level, " ".join(words.split()), top))
            self._found(where, _heading_offense(level, self.headings[-1][1]))
        elif name == "Image":
            self.in_image = False
        elif name == "CodeBlock":
            if self.fence is not None:
                if where is None:
                    raise _Unplaced
                self.source = self.source or self.text.encode("utf-8")
                block = self.source[where["start"]:where["end"]].decode("utf-8")
                self._found(where, _fence_offense(self.fence, block, "".join(self.code or ())))
            self.code = self.fence = None
        elif name == "Table" and self.table[1] * self.table[2] > MAX_TABLE_CELLS:
            # The renderer completes every row to the head's columns.
            self._found(self.table[0], ("tabla", f"{self.table[1] * self.table[2]:,}".replace(",", ".")))
        elif name == "HtmlBlock":
            self.html_block = None


MESSAGES = {
    "html": "no se admite HTML en el acta (<{1}>): escriba en Markdown "
            "(listas con '-' o '1.', tablas con '|', **negrita**)",
    "atributo": "no se admite el atributo '{2}' en <{1}>: el acta se escribe en Markdown, sin atributos",
    "enlace": "enlace no admitido ('{1}:'): solo se permiten direcciones http, https, mailto o relativas",
    "imagen": "imagen de otro sitio no admitida ('{1}'): "
              "las imágenes deben estar en el archivo, con una dirección relativa",
    "comentario": "no se admiten comentarios HTML ('<!-- … -->'): bórrelo",
    "titulo1": "use '##' o niveles menores: el título '#' de la página se genera desde 'titulo' (título «{1}»)",
    "seccion": f"el título «{{1}}» es el de una sección que la página genera ({', '.join(GENERATED_SECTIONS)}, "
               "acuerdo-N): use otro título",
    "lenguaje": "un bloque de código no lleva lenguaje ('{1}'): deje solo las marcas del cerco, sin nombre",
    "cerco": "el bloque de código que empieza con '{1}' no se cierra, y todo lo que sigue quedaría como código: "
             "agregue una línea '{1}' donde termine",
    "tabla": f"la tabla tendría {{1}} celdas (cada fila se completa con las columnas del encabezado): el máximo es "
             f"{MAX_TABLE_CELLS:,}; divídala en varias".replace(",", "."),
    "anidado": "el texto anida demasiadas citas o listas unas dentro de otras: simplifíquelo",
    "otro": "la limpieza de HTML cambiaría este texto: revise lo que no sea Markdown simple",
}


def _lines(text: str, offenses: list[tuple[int, tuple]], first_line: int, path: str) -> list[Problem]:
    """Each offense at the file line of its byte offset; raw HTML on a line says it all (its tags and attributes need
    no message of their own)."""
    encoded = text.encode("utf-8")
    breaks = [m.start() for m in re.finditer(b"\n", encoded)]
    found: dict[int, set[tuple]] = {}
    for offset, offense in offenses:
        found.setdefault(bisect.bisect_left(breaks, offset), set()).add(offense)
    problems = []
    for line, kinds in sorted(found.items()):
        shown = {k for k in kinds if k[0] == "html"} or kinds
        problems += [Problem(path, first_line + line, "cuerpo", MESSAGES[k[0]].format(*k, "")) for k in shown]
    return sorted(set(problems), key=lambda p: (p.line, p.message))


def check(body: str, first_line: int, path: str, parts: bool = True) -> tuple[tuple, list[Problem]]:
    """(parts to publish, problems): every change the allowlist would make, at its line; no parts when there is any,
    nor without parts (the validator needs none)."""
    reading = _Reader(body).read()
    if reading.offenses:
        return (), _lines(body, reading.offenses, first_line, path)
    rendered = pyromark.html(body, options=OPTIONS)
    cleaned, expected = clean(rendered), _as_cleaned(rendered)
    if cleaned != expected and _events(expected) != _events(cleaned):
        return (), [Problem(path, first_line, "cuerpo", MESSAGES["otro"])]
    return (split(cleaned, reading.headings) if parts else ()), []


# How the renderer and the allowlist's serializer write the same HTML differently: void elements (which the renderer
# closes with ' />'), no-break spaces, alignment and quotes in text.
_VOID = (("<br />", "<br>"), ("<hr />", "<hr>"))
_VOID_IMAGE = re.compile(r'(<img src="[^"<>]*" alt="[^"<>]*"(?: title="[^"<>]*")?) />')
_QUOTE_IN_TEXT = re.compile(r"(>[^<]*)")


def _as_cleaned(rendered: str) -> str:
    """The renderer's HTML written as the allowlist's serializer writes it: equal to the cleaned HTML when cleaning
    changed nothing (otherwise their events are compared)."""
    # Each look for a text costs a pass over the HTML: what cannot be there is not looked for.
    if " />" in rendered:
        for renderer, serializer in _VOID:
            rendered = rendered.replace(renderer, serializer)
        if "<img" in rendered:
            rendered = _VOID_IMAGE.sub(r"\1>", rendered)
    if "\xa0" in rendered:
        rendered = rendered.replace("\xa0", "&nbsp;")
    rendered = rendered.replace(' style="text-align: ', ' style="text-align:')
    if "&" in rendered and "&quot;" in rendered:
        rendered = _QUOTE_IN_TEXT.sub(lambda m: m[1].replace("&quot;", '"'), rendered)
    return rendered


class _Events(HTMLParser):
    """A fragment as comparable events: tags with their attributes, and text with its spaces collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.events.append(("t", " ".join(data.split())))

    def handle_comment(self, data):
        self.events.append(("!", data))


def _events(fragment: str) -> list[tuple]:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return parser.events


_HEADING = re.compile(r"<h([1-6])>.*?</h\1>", re.S)


def split(cleaned: str, headings: list[tuple[int, str, bool]]) -> tuple:
    """The cleaned narrative as Heading and Fragment parts, in order: the top-level headings are those the events
    found at the top, in the same order as the cleaned HTML's headings (whose text escapes every '<')."""
    parts: list = []
    position = 0
    for (level, text, top), match in zip(headings, _HEADING.finditer(cleaned), strict=True):
        if not top:
            continue
        if cleaned[position:match.start()].strip():
            parts.append(Fragment(cleaned[position:match.start()].strip()))
        parts.append(Heading(level, text))
        position = match.end()
    if cleaned[position:].strip():
        parts.append(Fragment(cleaned[position:].strip()))
    return tuple(parts)

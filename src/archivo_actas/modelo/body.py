"""An acta's narrative: Markdown rendered once, cleaned by an allowlist (nh3), refused where cleaning would change it.

What is published is the cleaned HTML; the validator reports, at its line, everything the cleaning would remove, so
an acta is never published altered. The site receives headings as plain text (for the page's table of contents)
and the rest as finished HTML fragments: MkDocs never parses what a contributor wrote.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .problems import Problem
from .text import fold

EXTENSIONS = ("tables", "sane_lists", "fenced_code")
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}
TAGS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em",
                  "code", "pre", "a", "img", "table", "thead", "tbody", "tr", "th", "td"})
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})
# Sections and anchors the acta page generates around the narrative (acta.md.j2): a heading of the narrative cannot
# take them.
GENERATED_SECTIONS = ("Asistentes", "Tabla", "Acuerdos", "Procedencia", "Historial de cambios")
_GENERATED_ANCHOR = re.compile(r"^acuerdo-\d+$")
_GENERATED_SLUGS = frozenset(name.lower() for name in GENERATED_SECTIONS)
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_NESTING = re.compile(r"^(?:\s*(?:[>*+-]|\d+[.)])\s*)*")


@dataclass(frozen=True)
class Heading:
    """A heading of the narrative, as plain text."""

    level: int
    text: str


@dataclass(frozen=True)
class Fragment:
    """Cleaned HTML between two headings."""

    html: str


_ENTITY = re.compile(r"^&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$")
# What fenced_code stashes: its block with the code already escaped (no '<' inside), not raw HTML of the text.
_FENCED = re.compile(r"^<pre(?: [^<>]*)?><code(?: [^<>]*)?>[^<]*</code></pre>$")


_MARKDOWN: list[markdown.Markdown] = []
# Where an inline pattern of Python-Markdown can begin: escapes, code, emphasis, links and images, raw HTML, autolinks
# and entities, and a line break (two spaces before a newline). INLINE_PATTERNS names them: an extension that adds
# one (tests/test_hostiles.py checks the site's) must add where it begins.
INLINE_PATTERNS = frozenset({"backtick", "escape", "reference", "link", "image_link", "image_reference",
                             "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html",
                             "entity", "em_strong"})
_INLINE_START = re.compile(r"[\\`*_\[\]!<&]|  \n")


class _PlainText(Treeprocessor):
    """Text where no inline pattern can begin is left as it is: Python-Markdown would try each pattern on it in vain,
    which is half of converting a narrative."""

    def run(self, root):
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString) and not _INLINE_START.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) and not _INLINE_START.search(element.tail):
                element.tail = AtomicString(element.tail)


class PlainTextExtension(Extension):
    """Skip the inline patterns on text where none of Python-Markdown's own can begin (also the site's, mkdocs.yml)."""

    def extendMarkdown(self, md):
        # Just before 'inline' (20).
        md.treeprocessors.register(_PlainText(md), "texto_simple", 21)


def converter(plain_text: bool = True) -> markdown.Markdown:
    """The narrative's Markdown converter (plain_text: skip the inline patterns where none can match)."""
    extensions = [*EXTENSIONS, PlainTextExtension()] if plain_text else list(EXTENSIONS)
    return markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)


def _markdown() -> markdown.Markdown:
    """One converter per process, reset before each use (building one costs more than converting a narrative)."""
    if not _MARKDOWN:
        _MARKDOWN.append(converter())
    return _MARKDOWN[0].reset()


def _source_offenses(md: markdown.Markdown) -> list[tuple]:
    """What the text itself carries besides Markdown: raw HTML (the narrative is Markdown only) and reference links."""
    offenses: list[tuple] = []
    for chunk in md.htmlStash.rawHtmlBlocks:
        chunk = str(chunk).strip()
        if _ENTITY.match(chunk) or _FENCED.match(chunk):
            continue
        if chunk.startswith("<!--"):
            offenses.append(("comentario",))
            continue
        name = re.match(r"^<\s*/?\s*([^\s/>]*)", chunk)
        name = name[1].lower() if name else ""
        offenses.append(("enlace", scheme(name)) if scheme(name) else ("html", name or "…"))
    for url, _title in md.references.values():
        if scheme(url) not in (None, *URL_SCHEMES):
            offenses.append(("enlace", scheme(url)))
    return offenses


def _offenses(text: str) -> tuple[str, list[tuple], list[tuple]]:
    """The rendering, every reason to refuse it, and its events."""
    md = _markdown()
    try:
        rendered = md.convert(text)
    except BaseException:
        # An interrupted conversion leaves the converter's parser state behind (a list still open): never reuse it.
        _MARKDOWN.clear()
        raise
    parsed = _parse(rendered)
    return rendered, _source_offenses(md) + parsed.offenses, parsed.events


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


def clean(fragment: str) -> str:
    """The allowlist: only the tags, attributes and URL schemes a narrative needs; images only from the archive."""
    return nh3.clean(fragment, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), attribute_filter=_keep_local_images, link_rel=None,
                     strip_comments=True, clean_content_tags={"script", "style"})


class _Events(HTMLParser):
    """A fragment as comparable events, and every reason the allowlist would change it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.offenses: list[tuple] = []
        self._heading: list | None = None

    def handle_starttag(self, tag, attrs):
        self.events.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))
        if scheme(tag):
            self.offenses.append(("enlace", scheme(tag)))
            return
        if tag not in TAGS:
            self.offenses.append(("etiqueta", tag))
            return
        for name, value in attrs:
            value = value or ""
            if name not in ATTRIBUTES.get(tag, ()):
                self.offenses.append(("atributo", tag, name))
            elif name in URL_ATTRIBUTES and scheme(value) not in (None, *URL_SCHEMES):
                self.offenses.append(("enlace", scheme(value)))
            elif tag == "img" and name == "src" and not _is_local(value):
                self.offenses.append(("imagen", value))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append((">", tag))
        if self._heading is not None and tag == f"h{self._heading[0]}":
            level, text = self._heading[0], " ".join(self._heading[1].split())
            self._heading = None
            slug = _slug(text)
            if level == 1:
                self.offenses.append(("titulo1", text))
            elif slug in _GENERATED_SLUGS or _GENERATED_ANCHOR.match(slug):
                self.offenses.append(("seccion", text))

    def handle_data(self, data):
        if data.strip():
            self.events.append(("t", " ".join(data.split())))
        if self._heading is not None:
            self._heading[1] += data

    def handle_comment(self, data):
        self.events.append(("!", data))
        self.offenses.append(("comentario",))


def _slug(text: str) -> str:
    """The anchor a heading gets, as the table of contents makes it: folded words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _parse(fragment: str) -> _Events:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return parser


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
    "otro": "la limpieza de HTML cambiaría este texto: revise lo que no sea Markdown simple",
}
MESSAGES["etiqueta"] = MESSAGES["html"]


def _offense_counts(lines: list[str], end: int) -> Counter:
    return Counter(_offenses("\n".join(lines[:end]))[1])


def _locate(lines: list[str], offense: tuple, occurrence: int) -> int:
    """The line (0-based) where the occurrence-th offense first appears: the shortest prefix whose rendering has it."""
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if _offense_counts(lines, middle)[offense] >= occurrence:
            high = middle
        else:
            low = middle + 1
    return low - 1


def check(body: str, first_line: int, path: str) -> tuple[tuple, list[Problem]]:
    """(parts to publish, problems): every change the allowlist would make, at its line; no parts when there is any."""
    try:
        rendered, offenses, events = _offenses(body)
    except RecursionError:
        lines = body.split("\n")
        deepest = max(range(len(lines)), key=lambda i: len(_NESTING.match(lines[i])[0]))
        return (), [Problem(path, first_line + deepest, "cuerpo",
                            "el texto anida demasiadas citas o listas unas dentro de otras: simplifíquelo")]
    cleaned = clean(rendered)
    if not offenses and (cleaned == rendered or events == _parse(cleaned).events):
        return split(cleaned), []
    lines = body.split("\n")
    found: dict[int, set[tuple]] = {}
    for offense, count in Counter(offenses).items():
        for occurrence in range(1, count + 1):
            found.setdefault(_locate(lines, offense, occurrence), set()).add(offense)
    problems = []
    for line, kinds in sorted(found.items()):
        # Raw HTML on a line says it all: its tags and attributes need no message of their own.
        shown = {k for k in kinds if k[0] == "html"} or kinds
        problems += [Problem(path, first_line + line, "cuerpo", MESSAGES[k[0]].format(*k, "")) for k in shown]
    if not problems:
        problems.append(Problem(path, first_line, "cuerpo", MESSAGES["otro"]))
    return (), sorted(set(problems), key=lambda p: (p.line, p.message))


class _TopLevel(HTMLParser):
    """The top-level headings of a fragment: (start offset, end offset, level, text)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.headings: list[list] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img"):
            return
        if self.depth == 0 and re.fullmatch(r"h[1-6]", tag):
            self.headings.append([self._offset(), None, int(tag[1]), ""])
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1
        if self.depth == 0 and re.fullmatch(r"h[1-6]", tag):
            self.headings[-1][1] = self._offset() + len(f"</{tag}>")

    def handle_data(self, data):
        if self.depth and self.headings and self.headings[-1][1] is None:
            self.headings[-1][3] += data


def split(cleaned: str) -> tuple:
    """The cleaned narrative as Heading and Fragment parts, in order."""
    parts: list = []
    position = 0
    for start, end, level, text in _TopLevel(cleaned).headings:
        if cleaned[position:start].strip():
            parts.append(Fragment(cleaned[position:start].strip()))
        parts.append(Heading(level, " ".join(text.split())))
        position = end
    if cleaned[position:].strip():
        parts.append(Fragment(cleaned[position:].strip()))
    return tuple(parts)

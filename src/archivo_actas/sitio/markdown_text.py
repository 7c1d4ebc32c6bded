"""Markdown for the site's pages: a plain value escaped for a Markdown position, the Mermaid fence Material draws, and
a shortcut past the inline patterns where none can begin."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import pass_context
from markdown.extensions import Extension, toc
from markdown.extensions.toc import nest_toc_tokens
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup, escape

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: object) -> Markup:
    """Return value as inert Markdown text on one line: no tags, links, emphasis or line breaks."""
    text = str(escape(str(value)))
    text = " ".join(text.split())
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


def diagram_fence(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    """A Mermaid block for Material to draw (pre.mermaid); search skips its source text."""
    return f'<pre class="{css_class}" data-pagefind-ignore><code>{html.escape(source)}</code></pre>'


# Where an inline pattern of Python-Markdown can begin: escapes, code, emphasis, links and images, raw HTML, autolinks
# and entities, and a line break (two spaces before a newline). INLINE_PATTERNS names them: an extension that adds
# one (tests/test_hostiles.py checks the site's) must add where it begins.
INLINE_PATTERNS = frozenset({"backtick", "escape", "reference", "link", "image_link", "image_reference",
                             "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html",
                             "entity", "em_strong"})
_INLINE_START = re.compile(r"[\\`*_\[\]!<&]|  \n")


class _PlainText(Treeprocessor):
    """Text where no inline pattern can begin is left as it is: Python-Markdown would try each pattern on it in vain,
    which is half of converting a page."""

    def run(self, root):
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString) and not _INLINE_START.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) and not _INLINE_START.search(element.tail):
                element.tail = AtomicString(element.tail)


class PlainTextExtension(Extension):
    """Skip the inline patterns on text where none of Python-Markdown's own can begin."""

    def extendMarkdown(self, md):
        # Just before 'inline' (20).
        md.treeprocessors.register(_PlainText(md), "texto_simple", 21)


@dataclass(frozen=True)
class Converted:
    """A page's Markdown converted as the site converts it: its HTML, and its headings for the table of contents
    (Python-Markdown's toc tokens: level, id, name and children)."""

    html: str
    toc: tuple


# The title of each heading's permalink, on every page (mkdocs.yml takes it from here for the hand-written ones).
PERMALINK_TITLE = "Enlace a esta sección"
# Where a page's headings are gathered while its template renders: a fresh PageHeadings for every render.
HEADINGS = "_titulos"


@dataclass
class PageHeadings:
    """The headings one page has made so far, in order (toc tokens), and the ids they took."""

    tokens: list = field(default_factory=list)
    used: set = field(default_factory=set)
    counters: dict = field(default_factory=dict)

    def toc(self) -> tuple:
        """The page's table of contents, nested as Python-Markdown nests it."""
        return tuple(nest_toc_tokens([dict(token, children=[]) for token in self.tokens]))


@dataclass(frozen=True)
class HeadingStyle:
    """Headings written as HTML exactly as the site's Markdown writes them (the toc extension's settings in
    mkdocs.yml): the same id for the same text, unique in the page, and the same permalink."""

    mark: str = "&para;"
    title: str = PERMALINK_TITLE
    css: str = "headerlink"
    slugify: Callable[[str, str], str] = toc.slugify
    separator: str = "-"

    @classmethod
    def of(cls, settings: dict) -> HeadingStyle:
        """The style the toc extension takes from these settings (mkdocs.yml's)."""
        found = toc.TocExtension(**settings).getConfigs()
        mark = found["permalink"]
        mark = "&para;" if mark is True else str(escape(mark)) if mark else ""
        return cls(mark, found["permalink_title"], found["permalink_class"], found["slugify"], found["separator"])

    @pass_context
    def heading(self, context, level: int, text: str, attributes: str = "") -> Markup:
        """An <hN> for a plain text: its id from the text (unique in the page), its permalink, and its place in the
        page's table of contents."""
        made: PageHeadings = context[HEADINGS]
        inner = str(escape(" ".join(str(text).split())))
        name = toc.strip_tags(inner)
        anchor = toc.unique(self.slugify(html.unescape(name), self.separator), made.used, made.counters)
        made.tokens.append({"level": level, "id": html.unescape(anchor), "name": name, "html": inner,
                            "data-toc-label": ""})
        anchor = escape(anchor)
        link = f'<a class="{escape(self.css)}" href="#{anchor}" title="{escape(self.title)}">{self.mark}</a>'
        extra = f" {attributes}" if attributes else ""
        return Markup(f'<h{level}{extra} id="{anchor}">{inner}{link if self.mark else ""}</h{level}>')


# The style of mkdocs.yml's toc settings (tests/test_pagina_acta.py checks that they agree).
SITE_HEADINGS = HeadingStyle()


def makeExtension(**kwargs) -> PlainTextExtension:
    """What Python-Markdown loads for 'archivo_actas.sitio.markdown_text' in mkdocs.yml: PlainTextExtension."""
    return PlainTextExtension(**kwargs)

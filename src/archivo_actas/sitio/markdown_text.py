"""Markdown for the site's pages: a plain value escaped for a Markdown position, the Mermaid fence Material draws, and
a shortcut past the inline patterns where none can begin."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property

import markdown
from markdown.extensions import Extension
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


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class PageConverter:
    """Python-Markdown with the site's extensions and their settings (mkdocs.yml), made once and reused for each
    page: making it costs more than converting a generated page."""

    extensions: tuple
    configs: dict = field(default_factory=dict, compare=False)

    @cached_property
    def _markdown(self) -> markdown.Markdown:
        return markdown.Markdown(extensions=list(self.extensions), extension_configs=self.configs)

    def convert(self, page: str) -> Converted:
        """A generated page without its front matter, converted."""
        md = self._markdown.reset()
        html = md.convert(_FRONT_MATTER.sub("", page, count=1))
        return Converted(html, tuple(md.toc_tokens))


def makeExtension(**kwargs) -> PlainTextExtension:
    """What Python-Markdown loads for 'archivo_actas.sitio.markdown_text' in mkdocs.yml: PlainTextExtension."""
    return PlainTextExtension(**kwargs)

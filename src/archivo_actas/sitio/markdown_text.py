"""Markdown for the site: a plain value escaped for a Markdown position, and the Mermaid fence Material draws."""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from ..modelo.body import PlainTextExtension

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: object) -> Markup:
    """Return value as inert Markdown text on one line: no tags, links, emphasis or line breaks."""
    text = str(escape(str(value)))
    text = " ".join(text.split())
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


def diagram_fence(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    """A Mermaid block for Material to draw (pre.mermaid); search skips its source text."""
    return f'<pre class="{css_class}" data-pagefind-ignore><code>{html.escape(source)}</code></pre>'


def makeExtension(**kwargs) -> PlainTextExtension:
    """What Python-Markdown loads for 'archivo_actas.sitio.markdown_text' in mkdocs.yml: PlainTextExtension."""
    return PlainTextExtension(**kwargs)

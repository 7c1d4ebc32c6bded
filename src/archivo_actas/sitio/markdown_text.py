"""Escaping a plain value for a Markdown position: HTML first, then Markdown's own punctuation."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: object) -> Markup:
    """Return value as inert Markdown text on one line: no tags, links, emphasis or line breaks."""
    text = str(escape(str(value)))
    text = " ".join(text.split())
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


"""Spanish everywhere a reader looks: visible text and the labels a screen reader speaks, on every built page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

# What Material, MkDocs or Pagefind write in English when nobody translates them.
ENGLISH = ("Made with", "Not found", "404 -", "Skip to content", "Back to top", "Table of contents",
           "Copy to clipboard", "Search", "Previous", "Next", "Initializing", "No results", "result", "Clear",
           "Filters", "Load more", "Share", "Edit this page", "Last update", "Type to start searching")
SKIPPED = ("script", "style", "pre", "code", "svg")


class Spoken(HTMLParser):
    """The text of a page a reader sees or hears: its text, and its alt, title, placeholder and aria-label values."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        for name, value in attrs:
            if name in ("alt", "title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def spoken(html: str) -> str:
    parser = Spoken()
    parser.feed(html)
    return re.sub(r" ([,.;:])", r"\1", " ".join(" ".join(parser.parts).split()))


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]


def pages(site):
    skipped = ("pagefind", "assets", "js", "estilos")
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in skipped)


def test_no_english_on_any_page(fixed_site):
    found = {}
    for path in pages(fixed_site):
        words = english_in(spoken(path.read_text(encoding="utf-8")))
        if words:
            found[path.relative_to(fixed_site).as_posix()] = words
    assert found == {}


def test_page_not_found_is_spanish(fixed_site):
    text = spoken((fixed_site / "404.html").read_text(encoding="utf-8"))
    assert "Página no encontrada" in text and "Todas las actas" in text


@pytest.mark.parametrize("path", ["index.html", "actas/2019-01-23/index.html", "404.html"])
def test_footer_credits_the_tools_in_spanish(fixed_site, path):
    text = spoken((fixed_site / path).read_text(encoding="utf-8"))
    assert "Sitio hecho con MkDocs, Material for MkDocs y Pagefind" in text

"""Site URLs of generated pages and relative links between them (directory URLs: '/actas/AAAA-MM-DD/')."""

from __future__ import annotations

import posixpath


def page_url(src_uri: str) -> str:
    """'index.md' → '', 'actas/index.md' → 'actas/', 'actas/2019-01-23.md' → 'actas/2019-01-23/'."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def href(here: str, target: str) -> str:
    """A relative link from the page at URL here to the URL target (a '?query' and an '#anchor' may follow)."""
    target, _, anchor = target.partition("#")
    path, _, query = target.partition("?")
    if anchor and not query and path == here:
        return f"#{anchor}"
    relative = posixpath.relpath(path or ".", here or ".")
    if not path or path.endswith("/"):
        relative = "./" if relative == "." else relative + "/"  # a page: its directory URL
    return relative + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def acta_url(slug: str) -> str:
    return f"actas/{slug}/"


def person_url(slug: str) -> str:
    return f"personas/{slug}/"


def institution_url(slug: str) -> str:
    return f"instituciones/{slug}/"


ACTAS_URL = "actas/"
PEOPLE_URL = "personas/"
INSTITUTIONS_URL = "instituciones/"
TIMELINE_URL = "cronologia/"
ACUERDOS_URL = "acuerdos/"

"""Site URLs of generated pages and relative links between them (directory URLs: '/actas/AAAA-MM-DD/')."""

from __future__ import annotations


def page_url(src_uri: str) -> str:
    """'index.md' → '', 'actas/index.md' → 'actas/', 'actas/2019-01-23.md' → 'actas/2019-01-23/'."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def href(here: str, target: str) -> str:
    """A relative link from the page at URL here to the site-root URL target (a '?query' and an '#anchor' may follow)."""
    path = target.split("#", 1)[0]
    if "#" in target and "?" not in target and path == here:
        return target[len(path):]
    return "../" * here.count("/") + target if (here or target) else "./"


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

"""The navigation, tabs and configuration Material draws on every page, drawn once per folder: the same links as
drawing them on each page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from archivo_actas.sitio.shared_fragments import SharedFragments, links_from


@pytest.mark.parametrize(("url", "expected"), [
    ("", ("", 0)),
    ("actas/", ("", 1)),
    ("actas/2018-06-13/", ("actas", 2)),
    ("personas/claudia-montero/", ("personas", 2)),
    ("contribuir/modelo/", ("contribuir", 2)),
])
def test_links_depend_on_folder_and_depth(url, expected):
    assert links_from(url) == expected


def test_a_fragment_is_drawn_once_per_name_and_folder():
    drawn = []

    def caller(text):
        return lambda: drawn.append(text) or f"<nav>{text}</nav>"

    shared = SharedFragments()
    first = shared("nav", "actas/2018-06-13/", caller=caller("a"))
    again = shared("nav", "actas/2022-03-28/", caller=caller("b"))
    other = shared("nav", "personas/claudia-montero/", caller=caller("c"))
    tabs = shared("tabs", "actas/2018-06-13/", caller=caller("d"))
    assert (first, again, other, tabs) == ("<nav>a</nav>", "<nav>a</nav>", "<nav>c</nav>", "<nav>d</nav>")
    assert drawn == ["a", "c", "d"]


class _Links(HTMLParser):
    """The links of the primary navigation and the tabs, and whether any of them is marked active."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.active = False
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "a" and ({"md-nav__link", "md-tabs__link", "md-logo"} & set(classes)):
            if not found.get("href", "#").startswith("#"):
                self.links.append(found["href"])
            self.active = self.active or "md-nav__link--active" in classes or "md-tabs__link--active" in classes
        self._in_config = tag == "script" and found.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag):
        self._in_config = False


def _page_url(site: Path, page: Path) -> str:
    return page.parent.relative_to(site).as_posix().removeprefix(".") + "/"


def _target(url: str, href: str) -> str:
    return urlsplit(urljoin(f"http://archivo/{url}", href)).path.lstrip("/")


def _reaches(site: Path, url: str, href: str) -> bool:
    path = _target(url, href)
    return (site / path / "index.html").is_file() if path.endswith("/") or not path else (site / path).is_file()


def _targets(site: Path, name: str) -> list[str]:
    links = _Links()
    links.feed((site / name).read_text(encoding="utf-8"))
    return [_target(_page_url(site, site / name), href) for href in links.links]


PAGES = ["index.html", "actas/index.html", "actas/2018-06-13/index.html", "actas/2022-03-28/index.html",
         "personas/claudia-montero/index.html", "instituciones/pnud/index.html", "contribuir/index.html"]


@pytest.mark.parametrize("name", PAGES)
def test_every_link_of_the_navigation_reaches_a_page(fixed_site, name):
    page = fixed_site / name
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    url = _page_url(fixed_site, page)
    assert len(links.links) > 8
    assert [href for href in links.links if not _reaches(fixed_site, url, href)] == []
    # The same pages from every page: a link drawn for another folder would lead elsewhere.
    assert _targets(fixed_site, name) == _targets(fixed_site, "index.html")
    base = json.loads(links.config)["base"]
    assert _reaches(fixed_site, url, base + "/"), base


def test_pages_outside_the_navigation_share_it_and_the_others_mark_where_they_are(fixed_site):
    navs = {}
    for name in PAGES:
        text = (fixed_site / name).read_text(encoding="utf-8")
        navs[name] = re.search(r'<nav class="md-nav md-nav--primary.*?</ul>\s*</nav>', text, re.S)[0]
        links = _Links()
        links.feed(text)
        assert links.active == (name in ("index.html", "actas/index.html", "contribuir/index.html")), name
    assert navs["actas/2018-06-13/index.html"] == navs["actas/2022-03-28/index.html"]
    assert navs["actas/2018-06-13/index.html"] != navs["actas/index.html"]

"""The home page's figures: each one equals what its link lists, on the frozen archive and on the real one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXED

FIGURE = re.compile(r'<a href="([^"]+)"><strong>(\d+)</strong> ([a-z]+)</a>')
TBODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)


def figures(site: Path) -> dict[str, tuple[str, int]]:
    """{'actas': ('actas/', 5), …} from the home page's «El archivo en cifras»."""
    home = (site / "index.html").read_text(encoding="utf-8")
    block = home[home.index('class="cifras"'):]
    block = block[:block.index("</div>")]
    return {word: (href, int(number)) for href, number, word in FIGURE.findall(block)}


def rows(page: str, first_table_only: bool = False) -> int:
    """Rows of the page's tables (of its first table only, if asked)."""
    bodies = TBODY.findall(page)
    return sum(body.count("<tr") for body in (bodies[:1] if first_table_only else bodies))


def listed(site: Path, href: str) -> str:
    return (site / href / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["fixed_site", "live_site"])
def test_each_figure_counts_what_its_link_lists(request, which):
    site = request.getfixturevalue(which)
    shown = figures(site)
    assert sorted(shown) == ["actas", "acuerdos", "instituciones", "personas"]
    for word, (href, number) in shown.items():
        assert href == f"{word}/"
        page = listed(site, href)
        assert rows(page, first_table_only=word == "instituciones") == number, word
        # The page that lists them says the same figure in its own words.
        if word in ("personas", "instituciones"):
            assert f"{number} {word}" in page, word


def test_figures_of_the_frozen_archive(fixed_site):
    assert {word: number for word, (_href, number) in figures(fixed_site).items()} == {
        "actas": 5, "personas": 20, "instituciones": 21, "acuerdos": 20}
    registry = (FIXED / "actas" / "registro" / "instituciones.yml").read_text(encoding="utf-8")
    assert registry.count("\n- id: ") + registry.startswith("- id: ") == 22


def test_an_institution_only_in_the_registry_is_said_plainly(fixed_site):
    page = listed(fixed_site, "instituciones/")
    others = page[page.index('id="otras-instituciones-del-registro"'):]
    assert "Alianza para el Gobierno Abierto (OGP)" in others
    assert "de ella depende" in others and "Mecanismo de Revisión Independiente (IRM)" in others
    table = TBODY.findall(page)[0]
    assert "instituciones/ogp/" not in table

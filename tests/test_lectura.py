"""Reading on a phone (390 px) and at a desk (1280 px): no page wider than the screen, no table cell out of sight,
tables shown as cards on a phone; and table text that search reads with its spaces."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from conftest import browser_marks, new_page, serious

# One worker runs the whole module: its browser and server are module fixtures (pytest-xdist, --dist loadgroup).
pytestmark = browser_marks("lectura")

PHONE, DESK = 390, 1280
PATHS = ["", "actas/", "actas/2018-11-07/", "actas/2016-01-27/", "acuerdos/", "personas/", "personas/claudia-montero/",
         "instituciones/", "instituciones/comision-integridad-publica-transparencia/", "datos/", "contribuir/modelo/"]

# The page's width, and each table cell a reader cannot see whole: past an edge of the viewport, or cut by an
# ancestor that clips or scrolls what overflows it. A cell inside a visually hidden box (1 px, overflow hidden: the
# header row of a table shown as cards) is there for screen readers only.
LAYOUT = """() => {
  const viewport = document.documentElement.clientWidth;
  const hidden = el => { const r = el.getBoundingClientRect();
                         return r.width <= 1 && r.height <= 1 && getComputedStyle(el).overflow === 'hidden'; };
  const out = [];
  for (const cell of document.querySelectorAll('th, td')) {
    const r = cell.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(cell).visibility === 'hidden') continue;
    const ancestors = [];
    for (let el = cell.parentElement; el && el !== document.documentElement; el = el.parentElement) ancestors.push(el);
    if (ancestors.some(hidden)) continue;
    const clippers = ancestors.filter(el => getComputedStyle(el).overflowX !== 'visible');
    const cut = clippers.some(el => { const left = el.getBoundingClientRect().left + el.clientLeft;
                                      return r.left < left - 0.5 || r.right > left + el.clientWidth + 0.5; });
    if (r.left < -0.5 || r.right > viewport + 0.5 || cut) {
      out.push(`${cell.textContent.trim().slice(0, 30)} (${Math.round(r.left)}–${Math.round(r.right)})`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, outOfSight: out};
}"""


@pytest.fixture(scope="module")
def reader(browser):
    """reader(width): one page at that width for the whole module, and the JavaScript errors it meets."""
    opened = {}

    def open_at(width: int):
        if width not in opened:
            page, errors = new_page(browser, width), []
            page.on("pageerror", lambda error: errors.append(str(error)))
            opened[width] = (page, errors)
        page, errors = opened[width]
        errors.clear()
        return page, errors

    yield open_at
    for page, _errors in opened.values():
        page.context.close()


@pytest.mark.parametrize("width", [PHONE, DESK])
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path or "inicio")
def test_page_fits_the_screen_with_every_table_cell_in_sight(reader, server, path, width):
    page, errors = reader(width)
    page.goto(server + path)
    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= width
    assert layout["outOfSight"] == []
    assert errors == []


def test_acuerdos_on_a_phone_are_cards_with_their_column_labels(reader, server):
    page, errors = reader(PHONE)
    page.goto(server + "acuerdos/")
    labels = page.eval_on_selector_all(".tabla-acuerdos thead th", "cells => cells.map(c => c.textContent.trim())")
    assert labels == ["Acta", "N°", "Acuerdo", "Responsable", "Plazo", "Estado"]
    rows = page.evaluate("""() => [...document.querySelectorAll('.tabla-acuerdos tbody tr')].map(tr =>
        [...tr.cells].map(td => ({label: getComputedStyle(td, '::before').content,
                                  left: td.getBoundingClientRect().left, top: td.getBoundingClientRect().top})))""")
    assert len(rows) == 20
    for cells in rows:
        # Each cell on a line of its own, under the one before, with its column's label in front.
        assert [re.match(r'"([^"]*)"', cell["label"])[1] for cell in cells] == labels
        assert len({round(cell["left"]) for cell in cells}) == 1
        assert all(a["top"] < b["top"] for a, b in pairwise(cells))
    assert errors == []


def test_acuerdos_filters_fit_a_phone_and_still_filter(reader, server):
    page, errors = reader(PHONE)
    page.goto(server + "acuerdos/")
    form = page.locator("form.filtros-acuerdos")
    assert form.is_visible()
    edges = page.eval_on_selector_all("form.filtros-acuerdos :is(label, select, output)",
                                      "items => items.map(i => [i.getBoundingClientRect().left, "
                                      "i.getBoundingClientRect().right])")
    assert edges and all(0 <= left and right <= PHONE for left, right in edges)
    page.select_option("select[name=anio]", "2018")
    assert page.locator(".tabla-acuerdos tbody tr:visible").count() == 10
    assert page.inner_text("form.filtros-acuerdos output") == "Mostrando 10 de 20 acuerdos"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert errors == []


@pytest.mark.parametrize("width", [PHONE, DESK])
@pytest.mark.parametrize("path, anchor", [("acuerdos/", "2018-11-07-5"), ("actas/2018-11-07/", "acuerdo-5")])
def test_a_cited_acuerdo_is_highlighted_below_the_header(reader, server, path, anchor, width):
    page, errors = reader(width)
    page.goto(f"{server}{path}#{anchor}")
    # The anchor is the row (tracker) or the acuerdo's number heading in its row (acta): the row is highlighted.
    row = page.locator(f'tr:is([id="{anchor}"], :has([id="{anchor}"]))')
    # The highlight comes with :target once the page has settled on the anchor (the cards' layout may move it).
    page.wait_for_function("id => !['rgba(0, 0, 0, 0)', 'transparent'].includes("
                           "getComputedStyle(document.getElementById(id).closest('tr')).backgroundColor)", arg=anchor)
    header = page.locator(".md-header").bounding_box()
    assert row.bounding_box()["y"] >= header["y"] + header["height"]
    assert errors == []


@pytest.mark.parametrize("path", ["acuerdos/", "actas/2018-11-07/", "personas/"])
def test_cards_on_a_phone_are_accessible(reader, server, path):
    page, errors = reader(PHONE)
    page.goto(server + path)
    assert serious(page) == []
    assert errors == []


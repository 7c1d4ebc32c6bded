"""The timeline page (/cronologia/) as a reader sees it in Chromium, on a phone (390 px) and at a desk (1280 px):
no sideways scroll, every marker beside its visible date, no two markers on top of each other (7 and 19 November 2018
are 12 days apart), year labels large enough to read, announced meetings drawn apart from held ones."""

from __future__ import annotations

import re

import pytest

from conftest import browser_marks, new_page

pytestmark = browser_marks("cronologia")

WIDTHS = (390, 1280)
MARKERS = """() => [...document.querySelectorAll('ol.cronologia > li')].map(li => {
  const marker = li.querySelector('.cronologia-marca'), label = li.querySelector('.cronologia-fecha');
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
                             height: r.height}; };
  const style = getComputedStyle(marker);
  return {kind: li.className, marker: box(marker), label: box(label), text: label.innerText,
          shape: [style.borderRadius, style.backgroundColor, style.borderStyle, style.transform].join(' | '),
          fill: style.backgroundColor, page: getComputedStyle(document.body).backgroundColor};
})"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def at_width(request, browser, server):
    page = new_page(browser, request.param)
    page.goto(f"{server}cronologia/")
    yield page, request.param
    page.context.close()


def test_no_sideways_scroll(at_width):
    page, width = at_width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_every_marker_sits_beside_its_visible_date(at_width):
    page, width = at_width
    markers = page.evaluate(MARKERS)
    assert len(markers) == 6
    for m in markers:
        marker, label = m["marker"], m["label"]
        assert marker["width"] > 0 and marker["height"] > 0 and 0 <= marker["left"] and marker["right"] <= width
        assert label["width"] > 0 and 0 <= label["left"] and label["right"] <= width, m["text"]
        assert marker["right"] <= label["left"], m["text"]
        assert label["top"] <= (marker["top"] + marker["bottom"]) / 2 <= label["bottom"], m["text"]
        assert re.match(r"\d{1,2} de [a-z]+ de \d{4}", m["text"]), m["text"]


def test_no_two_markers_overlap(at_width):
    page, _width = at_width
    boxes = [m["marker"] for m in page.evaluate(MARKERS)]
    assert [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if overlap(boxes[i], boxes[j])] == []


def test_each_year_is_drawn_when_near_and_clips_no_marker(at_width):
    """Each year's meetings skip drawing until they come near the screen (content-visibility), inside a box that
    reaches past every marker and its outline: the clip it brings cuts nothing."""
    page, _width = at_width
    years = page.evaluate("""() => [...document.querySelectorAll('.cronologia-anio-cuerpo')].map(year => {
      const box = year.getBoundingClientRect();
      return {visibility: getComputedStyle(year).contentVisibility, left: box.left, top: box.top,
              bottom: box.bottom, marks: [...year.querySelectorAll('.cronologia-marca')].map(m => {
                const r = m.getBoundingClientRect(), pad = 2;  // the held meeting's ring, the diamond's corners
                return [r.left - pad, r.top - pad, r.bottom + pad]; })};
    })""")
    assert len(years) == 4 and {y["visibility"] for y in years} == {"auto"}
    for year in years:
        assert year["marks"] and all(left >= year["left"] and top >= year["top"] and bottom <= year["bottom"]
                                     for left, top, bottom in year["marks"]), year


def test_year_labels_are_readable(at_width):
    page, _width = at_width
    sizes = page.eval_on_selector_all("h2.cronologia-anio",
                                      "hs => hs.map(h => parseFloat(getComputedStyle(h).fontSize))")
    assert len(sizes) == 4 and min(sizes) >= 12


def test_announced_meetings_are_drawn_and_said_apart_from_held_ones(at_width):
    page, _width = at_width
    markers = page.evaluate(MARKERS)
    held = {m["shape"] for m in markers if m["kind"] == "cronologia-acta"}
    announced = {m["shape"] for m in markers if m["kind"] == "cronologia-anunciada"}
    assert len(held) == len(announced) == 1 and held != announced
    assert [m["text"] for m in markers if m["kind"] == "cronologia-anunciada"] == [
        "19 de noviembre de 2018 (anunciada, sin acta)"]
    assert not any("anunciada" in m["text"] for m in markers if m["kind"] == "cronologia-acta")


def test_each_held_meeting_opens_its_acta_from_the_keyboard(browser, server):
    page = new_page(browser, 390)
    page.goto(f"{server}cronologia/")
    links = page.locator(".cronologia-fecha a")
    assert links.count() == 5
    links.nth(2).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/actas/2018-11-07/$"))
    page.context.close()


def test_markers_show_in_dark_mode(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{server}cronologia/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    held = [m for m in page.evaluate(MARKERS) if m["kind"] == "cronologia-acta"]
    assert held and all(m["fill"] != m["page"] for m in held)
    context.close()


def test_accessibility_on_a_phone(browser, server):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(browser, 390)
    page.goto(f"{server}cronologia/")
    violations = Axe().run(page).response["violations"]
    page.context.close()
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []

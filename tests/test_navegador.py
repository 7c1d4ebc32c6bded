"""The built site in Debian's Chromium, driven by Playwright: search as a reader types it, filters, accessibility."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from archivo_actas.herramientas.search_bytes import RESULTS_SHOWN
from conftest import browser_marks, new_page, serious

# One worker runs the whole module: its browser and server are module fixtures (pytest-xdist, --dist loadgroup).
pytestmark = browser_marks("navegador")


def search(page, server: str | None, query: str, sections: bool = False) -> list:
    """Open the site, press '/' (the search program loads then), type the query as a reader would; the top-level
    results' links, in order. Without server, search again in the open search box: select what it holds and type over
    it."""
    if server is not None:
        page.goto(server)
        page.keyboard.press("/")
        page.wait_for_selector("dialog.pf-modal[open]")
    else:
        page.keyboard.press("Control+a")
    page.keyboard.type(query, delay=15)
    return results(page, query, sections)


def results(page, query: str, sections: bool = False) -> list:
    """Once the search box shows the results for query: the top-level results' links, in order; with sections,
    each result as its link followed by the links of its sections shown under it (an acta's acuerdos)."""
    page.wait_for_function(RESULTS_SHOWN, arg=query)
    found = page.eval_on_selector_all(
        "li.pf-result", "items => items.filter(li => li.querySelector('a.pf-result-link')).map(li => "
        "[...li.querySelectorAll('a.pf-result-link, a.pf-heading-link')].map(a => a.getAttribute('href')))")
    return found if sections else [links[0] for links in found]


# Queries written from the five actas, as readers type them: without accents, as in the OCR text, in the
# plural or singular the text does not use, by sigla, alias or initials. Each expects a page, or an acuerdo (a
# section of its acta's result), among the first results.
QUERIES = [
    ("participacion", "/actas/2019-01-23/", 3),
    # What a person said, quoted on their page (who-said-what): the words of Igor Morales at the 2022-03-28 meeting.
    ("puntos de contacto ministerios", "/personas/igor-morales/", 3),
    ("Secretaría Ejecutiva presentaciones", "/actas/2022-03-28/", 2),
    ("participación ciudadana", "/actas/2018-06-13/", 5),
    ("Revision Independiente", "/instituciones/irm/", 1),
    ("hallazgos version preliminar", "/actas/2016-01-27/", 1),
    ("acompanamiento servicios", "/actas/2019-01-23/", 3),
    ("metodologia recopilacion informacion", "/actas/2016-01-27/", 3),
    ("Contraloria General de la Republica", "/instituciones/contraloria/", 3),
    ("plantilla compromisos", "/actas/2018-11-07/#acuerdo-4", 1),
    ("cierre consulta publica", "/actas/2018-11-07/#acuerdo-3", 2),
    ("presupuestos cocreacion", "/actas/2022-03-28/#acuerdo-4", 3),
    ("compromiso", "/actas/2018-11-07/", 5),
    ("formularios LabGob", "/actas/2018-06-13/#acuerdo-3", 3),
    ("correo tipo Semana de Gobierno Abierto", "/actas/2019-01-23/#acuerdo-1", 2),
    ("CEPAL", "/instituciones/cepal/", 1),
    ("PNUD", "/instituciones/pnud/", 1),
    ("Comision de Probidad", "/instituciones/comision-integridad-publica-transparencia/", 1),
    ("CDCyT", "/instituciones/comision-integridad-publica-transparencia/", 2),
    ("CMM", "/personas/claudia-montero/", 1),
    ("Claudia Montero", "/personas/claudia-montero/", 1),
    ("Lubbert", "/personas/valeria-lubbert/", 1),
    ("Francisco Sanchez", "/personas/francisco-sanchez-lay/", 1),
    ("Pinera", "/actas/2019-01-23/", 2),
    ("OpenGov Week", "/actas/2019-01-23/", 1),
    ("Hoja de Ruta insumos", "/actas/2022-03-28/#acuerdo-1", 2),
]


@pytest.fixture(scope="module")
def search_box(browser, server):
    """One reader's page with the search box open, for query after query (each typed over the last)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    search(page, server, "Mesa")
    yield page
    context.close()
    assert errors == []


@pytest.mark.parametrize("query,expected,within", QUERIES, ids=[q for q, _e, _w in QUERIES])
def test_search_finds(search_box, query, expected, within):
    results = search(search_box, None, query, sections=True)
    assert any(expected in links for links in results[:within]), (results, search_box.inner_text("pagefind-summary"))


def test_search_ui_is_spanish_and_highlights(page, server):
    search(page, server, "consulta")
    summary = page.inner_text("pagefind-summary")
    assert re.search(r"\d+ resultados? encontrados? para consulta", summary), summary
    assert page.locator(".buscador-extracto mark").count() > 0
    page.keyboard.press("Control+a")
    page.keyboard.type("zzzyyyxxx")
    # The summary first says it is searching for the new terms; wait for the final sentence, or time out.
    page.wait_for_function("() => document.querySelector('pagefind-summary').textContent"
                           ".includes('No se encontraron resultados para zzzyyyxxx')")


def test_navigation_and_index_pages_are_not_indexed(page, server):
    """'Cronología' is in every page's navigation and 'Made' ('Made with Material for MkDocs') in every footer:
    neither finds a page."""
    assert search(page, server, "Cronologia") == []
    assert search(page, server, "Made") == []
    results = search(page, server, "Reunion Mesa de Gobierno Abierto")
    index_pages = ("/actas", "/personas", "/instituciones", "/cronologia", "/acuerdos")
    assert results and all(not r.rstrip("/").endswith(index_pages) for r in results)
    assert "/" not in results


def test_search_filters_by_kind(page, server):
    search(page, server, "comision")
    assert page.get_attribute("pagefind-filter-dropdown[filter='tipo'] button", "aria-label") == "Tipo"
    kinds = page.locator("pagefind-filter-dropdown[filter='tipo']")
    kinds.locator("button").first.click()
    option = page.get_by_role("option", name=re.compile("^institución, \\d+ resultados?$"))
    option.click()
    page.wait_for_function("""() => { const links = [...document.querySelectorAll('a.pf-result-link')];
                                      return links.length > 0 """
                           """&& links.every(a => a.getAttribute('href').startsWith('/instituciones/')); }""")
    results = page.eval_on_selector_all("a.pf-result-link", "links => links.map(a => a.getAttribute('href'))")
    assert "/instituciones/comision-integridad-publica-transparencia/" in results


def test_result_opens_the_cited_acuerdo(page, server):
    """An acuerdo is a section of its acta's result: its link opens the acta at the acuerdo, highlighted."""
    results = search(page, server, "plantilla compromisos", sections=True)
    assert "/actas/2018-11-07/#acuerdo-4" in results[0]
    page.click("a.pf-heading-link[href='/actas/2018-11-07/#acuerdo-4']")
    page.wait_for_url(re.compile(r"/actas/2018-11-07/#acuerdo-4$"))
    page.wait_for_function("() => document.querySelector('tr:has(:target)') !== null")


PROGRAM = "**/pagefind/pagefind-component-ui.js"


@pytest.mark.parametrize("use", ["foco", "clic", "atajo"])
def test_search_program_loads_on_first_use(page, server, use):
    """A page asks for nothing of Pagefind until the reader goes to the search box: focusing it fetches the program,
    clicking it or pressing '/' also opens the search."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if "/pagefind/" in url] == []
    act = {"foco": lambda: page.focus(".buscador-caja"), "clic": lambda: page.click(".buscador-caja"),
           "atajo": lambda: page.keyboard.press("/")}[use]
    with page.expect_request(PROGRAM):
        act()
    page.wait_for_function("() => customElements.get('pagefind-modal') !== undefined")
    if use == "foco":
        assert page.locator("dialog.pf-modal[open]").count() == 0
    else:
        page.wait_for_selector("dialog.pf-modal[open]")
        assert page.evaluate("document.activeElement.matches('input.pf-input')")


def test_what_the_reader_typed_before_the_program_arrived_is_kept(page, server):
    held = []
    page.route(PROGRAM, lambda route: held.append(route))
    page.goto(server)
    page.keyboard.press("/")
    page.keyboard.type("Cumbre Global Canada")
    while not held:
        page.wait_for_timeout(20)
    assert page.locator("dialog.pf-modal[open]").count() == 0
    assert page.input_value(".buscador-caja") == "Cumbre Global Canada"
    held[0].continue_()
    page.wait_for_selector("dialog.pf-modal[open]")
    assert page.input_value("input.pf-input") == "Cumbre Global Canada"
    assert results(page, "Cumbre Global Canada") == ["/actas/2019-01-23/"]
    assert page.input_value(".buscador-caja") == ""


def test_excerpt_shows_the_words_found_whole(page, server):
    search(page, server, "Cumbre Global Canada")
    excerpt = page.locator(".pf-result-content .buscador-extracto").first
    assert excerpt.locator("mark").all_inner_texts()[:3] == ["Cumbre", "Global", "Canadá,"]
    assert excerpt.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1")
    # Its section shows only its title: the excerpt would repeat the page's.
    assert page.locator(".pf-heading-chip").all_inner_texts() == ["3. Otros"]


@pytest.mark.parametrize("query", ["Cumbre Global Canada", "consulta publica", "participacion ciudadana", "Montero",
                                   "compromiso"])
def test_no_result_shows_an_excerpt_twice(search_box, query):
    """Nor a section the page's own title, nor an excerpt the page's excerpt already shows (or that shows it)."""
    search(search_box, None, query)
    repeated = search_box.eval_on_selector_all("li.pf-result:has(.pf-result-link)", """items => items.map(li => {
        const excerpts = li.querySelectorAll('.buscador-extracto, .pf-result-excerpt, .pf-heading-excerpt');
        const texts = [...excerpts].map(e => e.textContent.trim());
        const title = li.querySelector('.pf-result-link').textContent.trim();
        return texts.filter((a, i) => texts.some((b, j) => i !== j && b.includes(a)))
            .concat([...li.querySelectorAll('.pf-heading-link')].map(a => a.textContent.trim())
                .filter(t => t === title));
        }).flat()""")
    assert repeated == []


def test_links_that_only_lead_elsewhere_are_not_words_of_a_page(fixed_site, search_box):
    """An acta's link to each of its acuerdos in the tracker and an institution's link to its acuerdos there are not
    indexed nor quoted; the names that links carry (people, institutions) are."""
    contents = {}
    for fragment in (fixed_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        contents[data["url"]] = data["content"]
    assert [url for url, text in contents.items() if "Ver en el seguimiento" in text or "Ver estos acuerdos" in text] \
        == []
    assert "Claudia Montero Meza" in contents["/instituciones/comision-integridad-publica-transparencia/"]
    assert "Comisión de Probidad y Transparencia" in contents["/actas/2018-11-07/"]
    assert "/actas/2018-11-07/" in search(search_box, None, "plantilla compromisos")
    assert "seguimiento" not in " ".join(search_box.locator(".buscador-extracto").all_inner_texts())


# What Pagefind 1.5.2 writes in English when nobody translates it.
ENGLISH = ("result", "results", "No results", "Clear", "Filters", "filter", "Search", "Load more", "navigate",
           "select", "selected", "deselected", "close", "Loading", "Searching")


def english_in_search(page) -> list[str]:
    """English words in what the open search shows or says: its text, its labels, and its screen-reader notices."""
    said = page.evaluate("""() => {
        const parts = [];
        for (const root of document.querySelectorAll('dialog.pf-modal, [data-pagefind-announcer]')) {
            const text = root.cloneNode(true);
            text.querySelectorAll('script').forEach(s => s.remove());
            parts.push(text.textContent);
            for (const el of root.querySelectorAll('[aria-label], [placeholder], [title]'))
                parts.push(...['aria-label', 'placeholder', 'title'].map(a => el.getAttribute(a) || ''));
            parts.push(root.getAttribute('aria-label') || '');
        }
        return parts.join(' '); }""")
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", said, re.IGNORECASE)]


def test_search_speaks_only_spanish(page, server):
    search(page, server, "comision")
    assert english_in_search(page) == []
    page.locator("pagefind-filter-dropdown[filter='tipo'] button").first.click()
    assert english_in_search(page) == []
    page.get_by_role("option", name=re.compile("^institución, ")).click()
    page.wait_for_function("() => [...document.querySelectorAll('a.pf-result-link')].length > 0")
    assert english_in_search(page) == []
    page.click("pagefind-summary")
    page.focus("input.pf-input")
    page.keyboard.press("ArrowDown")
    assert english_in_search(page) == []
    page.focus("input.pf-input")
    page.keyboard.press("Control+a")
    page.keyboard.type("zzzyyyxxx")
    page.wait_for_function("() => document.querySelector('pagefind-summary').textContent.includes('zzzyyyxxx')")
    assert english_in_search(page) == []


FITS = """e => { const style = getComputedStyle(e), context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    return context.measureText(e.placeholder).width
        <= e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight); }"""
WHOLE = "e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1"


@pytest.mark.parametrize("width", [390, 1280])
def test_header_shows_the_site_name_and_the_search_box(browser, server, width):
    """On a phone the site name takes two lines and the search box is a magnifier that widens when touched; at a
    desk both fit on one line. Neither is cut, nor is the search box's placeholder."""
    page = new_page(browser, width)
    try:
        page.goto(server)
        name = page.locator(".md-header__topic:first-child .md-ellipsis")
        assert name.inner_text() == "Archivo de Actas — Mesa de Gobierno Abierto"
        assert name.evaluate(WHOLE) and name.bounding_box()["width"] > 150
        box = page.locator(".buscador-caja")
        assert box.bounding_box()["x"] + box.bounding_box()["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 1280:
            assert box.evaluate(FITS)
        box.click()
        page.wait_for_selector("dialog.pf-modal[open]")
        assert page.get_attribute("input.pf-input", "placeholder") == "Buscar en las actas"
        assert page.locator("input.pf-input").evaluate(FITS)
        if width == 390:
            page.keyboard.press("Escape")
            assert box.evaluate("e => document.activeElement === e") and box.evaluate(FITS)
    finally:
        page.context.close()


@pytest.mark.parametrize("query,visible", [
    ("", 20),
    ("?responsable=i:laboratorio-de-gobierno", 1),
    ("?responsable=i:comision-integridad-publica-transparencia", 17),
    ("?responsable=p:andrea-sanhueza", 1),
    ("?anio=2018", 10),
    ("?estado=vencido", 4),
    ("?anio=2019&responsable=i:comision-integridad-publica-transparencia", 4),
])
def test_acuerdos_filters(page, server, query, visible):
    page.goto(f"{server}acuerdos/{query}")
    assert page.locator(".tabla-acuerdos tbody tr:visible").count() == visible
    assert page.inner_text("form.filtros-acuerdos output") == f"Mostrando {visible} de 20 acuerdos"


def test_acuerdos_filter_by_choosing(page, server):
    page.goto(f"{server}acuerdos/")
    page.select_option("select[name=responsable]", "i:laboratorio-de-gobierno")
    assert page.locator(".tabla-acuerdos tbody tr:visible").count() == 1
    page.select_option("select[name=responsable]", "")
    page.select_option("select[name=anio]", "2022")
    assert page.locator(".tabla-acuerdos tbody tr:visible").count() == 4


@pytest.mark.parametrize("path", ["", "actas/2019-01-23/", "personas/claudia-montero/",
                                  "instituciones/comision-integridad-publica-transparencia/", "acuerdos/",
                                  "cronologia/"])
def test_accessibility(page, server, path):
    page.goto(server + path)
    assert serious(page) == []


def test_accessibility_of_open_search_results(page, server):
    search(page, server, "consulta publica")
    assert serious(page) == []


def test_architecture_diagrams_are_drawn_with_the_sites_own_mermaid(page, server):
    """Material draws the Mermaid blocks of /contribuir/arquitectura/ with the copy in docs/js/vendor/:
    no other server."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + "contribuir/arquitectura/")
    page.wait_for_function("document.querySelectorAll('div.mermaid').length === 2"
                           " && [...document.querySelectorAll('div.mermaid')].every(d => d.offsetHeight > 200)")
    assert page.locator("pre.mermaid").count() == 0
    assert [url for url in requests if not url.startswith(server)] == []
    assert server + "js/vendor/mermaid.min.js" in requests
    requests.clear()
    page.goto(server + "actas/2019-01-23/")
    assert not [url for url in requests if "mermaid" in url]

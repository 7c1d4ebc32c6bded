"""The built site in Debian's Chromium, driven by Playwright: search as a reader types it, filters, accessibility."""

from __future__ import annotations

import re

import pytest

from conftest import browser_marks

# One worker runs the whole module: its browser and server are module fixtures (pytest-xdist, --dist loadgroup).
pytestmark = browser_marks("navegador")


def search(page, server: str | None, query: str) -> list[str]:
    """Open the site, press '/', type the query as a reader would; the top-level results' links, in order.
    Without server, search again in the open search box: select what it holds and type over it."""
    if server is not None:
        page.goto(server)
        page.keyboard.press("/")
        page.wait_for_selector("dialog.pf-modal[open]")
    else:
        page.keyboard.press("Control+a")
    page.keyboard.type(query, delay=15)
    # The summary comes first; each result's link follows once its fragment has loaded, in any order,
    # and only for results scrolled into view: wait for the first five.
    page.wait_for_function(
        """q => { const s = document.querySelector('pagefind-summary')?.textContent || '';
                  if (!s.trim().endsWith(q)) return false;
                  if (/No se encontraron/.test(s)) return true;
                  const n = parseInt(s, 10);
                  const first = [...document.querySelectorAll('li.pf-result')].slice(0, Math.min(n, 5));
                  return n > 0 && first.length === Math.min(n, 5)"""
        """ && first.every(li => li.querySelector('a.pf-result-link')); }""", arg=query)
    return page.eval_on_selector_all("li.pf-result", "items => items.map(li => li.querySelector('a.pf-result-link')"
                                     "?.getAttribute('href')).filter(Boolean)")


# Queries written from the five actas, as readers type them: without accents, as in the OCR text, in the
# plural or singular the text does not use, by sigla, alias or initials. Each expects a page or acuerdo
# among the first results.
QUERIES = [
    ("participacion", "/actas/2019-01-23/", 3),
    ("Secretaría Ejecutiva presentaciones", "/actas/2022-03-28/", 2),
    ("participación ciudadana", "/actas/2018-06-13/", 5),
    ("Revision Independiente", "/instituciones/irm/", 1),
    ("hallazgos version preliminar", "/actas/2016-01-27/", 1),
    ("acompanamiento servicios", "/actas/2019-01-23/", 3),
    ("metodologia recopilacion informacion", "/actas/2016-01-27/", 3),
    ("Contraloria General de la Republica", "/instituciones/contraloria/", 3),
    ("plantilla compromisos", "/acuerdos/#2018-11-07-4", 1),
    ("cierre consulta publica", "/acuerdos/#2018-11-07-3", 2),
    ("presupuestos cocreacion", "/acuerdos/#2022-03-28-4", 3),
    ("compromiso", "/actas/2018-11-07/", 5),
    ("formularios LabGob", "/acuerdos/#2018-06-13-3", 3),
    ("correo tipo Semana de Gobierno Abierto", "/acuerdos/#2019-01-23-1", 2),
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
    ("Hoja de Ruta insumos", "/acuerdos/#2022-03-28-1", 2),
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
    results = search(search_box, None, query)
    assert expected in results[:within], (results, search_box.inner_text("pagefind-summary"))


def test_search_ui_is_spanish_and_highlights(page, server):
    search(page, server, "consulta")
    summary = page.inner_text("pagefind-summary")
    assert re.search(r"\d+ resultados? encontrados? para consulta", summary), summary
    assert page.locator(".pf-result-excerpt mark").count() > 0
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
    option = page.get_by_role("option", name=re.compile("^acuerdo, \\d+ resultados$"))
    option.click()
    page.wait_for_function("""() => { const links = [...document.querySelectorAll('a.pf-result-link')];
                                      return links.length > 0 """
                           """&& links.every(a => a.getAttribute('href').startsWith('/acuerdos/')); }""")
    results = page.eval_on_selector_all("a.pf-result-link", "links => links.map(a => a.getAttribute('href'))")
    assert results and all(r.startswith("/acuerdos/#") for r in results)


def test_result_opens_the_cited_acuerdo(page, server):
    results = search(page, server, "plantilla compromisos")
    page.click(f"a.pf-result-link[href='{results[0]}']")
    page.wait_for_url(re.compile(r"/acuerdos/#2018-11-07-4$"))
    assert page.locator('[id="2018-11-07-4"]').is_visible()


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


def serious(page) -> list[str]:
    """axe-core violations of impact serious or critical, with where they are."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in response["violations"] if v["impact"] in ("serious", "critical")]


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

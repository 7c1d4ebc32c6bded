"""The built site: mkdocs build --strict over the real archive, and over broken or hostile fixtures."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.sitio.pages import site_pages
from conftest import GOOD, ROOT, SEEDS, live_archive, mkdocs, run

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def site(live_site):
    """The real archive, built once per run with --strict."""
    return live_site


def text_of(page: Path) -> str:
    """The visible text of a page's article, whitespace folded."""
    source = page.read_text(encoding="utf-8")
    article = source[source.index("<article"):source.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


@pytest.mark.vivo
@pytest.mark.parametrize("slug", SEEDS)
def test_each_founding_acta_has_its_page_at_a_stable_url(site, slug):
    page = site / "actas" / slug / "index.html"
    assert page.is_file()
    assert '<html lang="es"' in page.read_text(encoding="utf-8")


@pytest.mark.vivo
@pytest.mark.parametrize("slug,facts", [
    ("2019-01-23", ["miércoles 23 de enero de 2019", "15:00 a 17:00 horas", "CEPAL", "Miembros de la Mesa (6)",
                    "Secretaría de actas (1)", "Otros asistentes (1)", "Claudia Montero Meza (firma «CMM»)",
                    "en representación de: Subsecretario General de la Presidencia",
                    "Comisión de Integridad y Transparencia", "Por definir"]),
    ("2018-11-07", ["miércoles 7 de noviembre de 2018", "Edificio Bicentenario, Teatinos 92, piso 9",
                    "Hasta el 22 de noviembre de 2018", "14 de diciembre de 2018", "19 de noviembre de 2018",
                    "Comisión de Probidad y Transparencia", "Banco Interamericano de Desarrollo (BID)"]),
    ("2016-01-27", ["27 de enero de 2016 (fecha de elaboración del acta; la de la reunión no consta)",
                    "No consta en la fuente", "Transcripción corregida desde OCR",
                    "Comisión Defensora Ciudadana y Transparencia (CDCyT)",
                    "Francisco Sánchez Lay (firma «FSL»)", "Asistentes sin grupo en la fuente (19)"]),
    ("2022-03-28", ["lunes 28 de marzo de 2022", "09:30 a 11:00 horas", "Representante de la Red de Sociedad Civil, "
                    "Red de Organizaciones de la Sociedad Civil de Gobierno Abierto", "Valeria Lübbert"]),
    ("2018-06-13", ["miércoles 13 de junio de 2018", "La fuente no la menciona", "Roman Yosif",
                    "Laboratorio de Gobierno (LabGob)"]),
])
def test_acta_page_shows_the_front_matter_in_spanish(site, slug, facts):
    text = text_of(site / "actas" / slug / "index.html")
    for fact in facts:
        assert fact in text, fact


@pytest.mark.vivo
@pytest.mark.parametrize("slug", SEEDS)
def test_acuerdos_have_anchors_and_the_original_is_linked(site, slug):
    acta = live_archive().acta(slug)
    page = (site / "actas" / slug / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h3 id="acuerdo-(\d+)" class="acuerdo-numero">', page) == [str(a.number) for a in acta.acuerdos]
    original = re.search(r'Documento original: <a href="([^"]+)">', page)[1]
    assert urljoin(f"https://x.cl/actas/{slug}/", original) == f"https://x.cl/actas/originales/{acta.source.file}"
    published = site / "actas" / "originales" / acta.source.file
    assert hashlib.sha256(published.read_bytes()).hexdigest() == acta.source.sha256


@pytest.mark.vivo
def test_actas_are_not_in_the_navigation(site):
    """Material draws the navigation on every page: actas stay out of it, or the build turns quadratic."""
    page = (site / "actas" / "2019-01-23" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*class="md-(?:nav|tabs)__link[^"]*"[^>]*>', page)
    hrefs = [re.search(r'href="([^"]*)"', link)[1] for link in links]
    assert len(hrefs) >= 4
    assert [h for h in hrefs if re.search(r"\d{4}-\d{2}-\d{2}", h)] == []


@pytest.mark.vivo
def test_no_external_fonts_or_scripts(site):
    page = (site / "actas" / "2019-01-23" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page
    assert not re.search(r'<script[^>]+src="https?://', page)


def test_generation_is_deterministic():
    assert site_pages(Build.of(load_archive(ROOT), TODAY)) == site_pages(Build.of(load_archive(ROOT), TODAY))


def link_checker(site):
    """scripts/revisar_enlaces.py: LinkChecker over the site served on 127.0.0.1."""
    return run([sys.executable, str(ROOT / "scripts" / "revisar_enlaces.py"), str(site)], ROOT)


@pytest.mark.vivo
def test_no_broken_internal_links_or_anchors(site):
    result = link_checker(site)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = int(re.search(r"Sin enlaces rotos: (\d+) direcciones", result.stdout).group(1))
    assert checked > 100


def test_link_checker_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="x"><a href="a/">a</a> <a href="#x">x</a> <a href="falta/">falta</a></p>')
    (tmp_path / "a" / "index.html").write_text(
        '<p><a href="../#x">x</a> <a href="../#y">y</a> <img src="no.png" alt=""></p>')
    result = link_checker(tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["(portada) -> falta/", "a/ -> ../#y", "a/ -> no.png"]
    assert "404" in lines[0] and "Anchor `y' (decoded: `y') not found" in lines[1]
    assert result.stderr.strip() == f"3 enlace(s) roto(s) de 5 direcciones revisadas en {tmp_path}."


def test_link_checker_reads_a_page_reached_only_by_its_anchors(tmp_path):
    """Each page is parsed once for all its anchors; its own links are still checked, and every anchor asked."""
    (tmp_path / "b").mkdir()
    (tmp_path / "index.html").write_text('<p><a href="b/#uno">1</a> <a href="b/#dos">2</a> <a href="b/#tres">3</a></p>')
    (tmp_path / "b" / "index.html").write_text('<p id="uno">uno</p><p id="dos"><a href="../falta/">falta</a></p>')
    result = link_checker(tmp_path)
    assert result.returncode == 1
    found = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert found == ["(portada) -> b/#tres", "b/#uno -> ../falta/"]


def test_build_stops_with_the_validators_messages(project):
    bad = GOOD.replace("fecha: 2019-01-23", "fecha: 2019-02-30").replace("      institucion: cepal",
                                                                         "      institucion: 'Cepal '")
    root = project({"2019-01-23.md": bad}, with_site=True)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode != 0
    assert "actas/2019-01-23.md:2: fecha: la fecha '2019-02-30' no existe en el calendario" in result.stderr
    assert ("actas/2019-01-23.md:11: asistentes.miembros[1].institucion: 'Cepal ' no está en el registro; "
            "¿quiso decir 'cepal'?") in result.stderr
    assert "2 problema(s) en las actas o el registro" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_markdown_in_values_is_shown_as_text(project):
    hostile = GOOD.replace("titulo: Reunión de prueba", "titulo: 'Reunión *de* [prueba](https://x.cl) # _fin_'")
    hostile = hostile.replace("      cargo: representante", "      cargo: 'representante & asesora \"jefa\"'")
    root = project({"2019-01-23.md": hostile}, with_site=True)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "actas" / "2019-01-23" / "index.html").read_text(encoding="utf-8")
    text = text_of(root / "site" / "actas" / "2019-01-23" / "index.html")
    assert "Reunión *de* [prueba](https://x.cl) # _fin_" in text
    assert 'representante & asesora "jefa"' in text
    assert 'href="https://x.cl"' not in page
    assert "<em>de</em>" not in page


def test_header_override_is_pinned_to_the_material_it_was_copied_from():
    """sitio/tema/partials/header.html is Material's own header with the search block replaced by Pagefind's. Its first
    line names the Material version it was copied from: when Material is upgraded, this fails and the copy is redone."""
    from importlib.metadata import version

    import material

    pinned, ours = (ROOT / "src" / "archivo_actas" / "sitio" / "tema" / "partials" / "header.html").read_text(
        encoding="utf-8").split("\n", 1)
    copied_from = re.search(r"Material for MkDocs (\d+\.\d+\.\d+)", pinned)[1]
    assert version("mkdocs-material") == copied_from, "Material cambió de versión: copie de nuevo su header.html"
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")

    def cut(text, start, end):
        return text[:text.index(start)] + text[text.index(end):]

    assert cut(theirs, '    {% if "material/search" in config.plugins %}', "    {% if config.repo_url %}") == \
        cut(ours, "    {#- Archivo: búsqueda con Pagefind", "    {% if config.repo_url %}")


@pytest.mark.vivo
def test_search_index_is_built_with_the_site(site):
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (site / "pagefind" / "pagefind-component-ui.js").is_file()
    page = (site / "actas" / "2019-01-23" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page and 'data-pagefind-filter="tipo:acta"' in page
    assert 'data-pagefind-filter="año:2019"' in page
    index_page = (site / "acuerdos" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in index_page
    assert "search/search_index.json" not in page and not (site / "search").exists()


@pytest.mark.parametrize("here,target,expected", [
    ("actas/2019-01-23/", "personas/x/", "../../personas/x/"),
    ("actas/2019-01-23/", "", "../../"),
    ("", "actas/", "actas/"),
    ("acuerdos/", "acuerdos/#2018-11-07-3", "#2018-11-07-3"),
    ("instituciones/cepal/", "acuerdos/?responsable=i:cepal", "../../acuerdos/?responsable=i:cepal"),
    ("datos/", "datos/actas.json", "../datos/actas.json"),
    ("datos/", "feed.xml", "../feed.xml"),
])
def test_relative_links(here, target, expected):
    from archivo_actas.modelo.wording import href

    assert href(here, target) == expected


HOSTILE = {
    "  - Planificación 2019.": "  - 'Punto \"x\" onmouseover=\"alert(1)\" data-x=\"'",
    "titulo: Reunión de prueba": "titulo: 'Reunión \"x\" onfocus=\"alert(2)\" & otros'",
    "      cargo: representante": "      cargo: '\" autofocus onfocus=\"alert(3)'",
    "lugar: CEPAL": "lugar: 'Sala < script > 3 | \"b\" < img src=x onerror=alert(4) >'",
}


def test_hostile_but_valid_values_reach_the_html_escaped(project):
    """Quotes and ampersands in valid values never become attributes, scripts or script URLs anywhere in site/."""
    text = GOOD
    for old, new in HOSTILE.items():
        text = text.replace(old, new)
    root = project({"2019-01-23.md": text}, with_site=True)
    assert load_archive(root).problems == ()
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    from html.parser import HTMLParser

    class Attributes(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found += [(tag, name, value or "") for name, value in attrs]

    for page in (root / "site").rglob("*.html"):
        parser = Attributes()
        parser.feed(page.read_text(encoding="utf-8"))
        assert [a for a in parser.found if a[1].startswith("on") or a[1] in ("autofocus", "data-x")] == [], page
        assert [a for a in parser.found if a[2].strip().lower().startswith("javascript:")] == [], page
    acta = (root / "site" / "actas" / "2019-01-23" / "index.html").read_text(encoding="utf-8")
    assert "Punto &#34;x&#34; onmouseover=&#34;alert(1)&#34;" in acta or "Punto &quot;x&quot;" in acta

"""What an acta's page says about itself: a heading with its date in words, the actas before and after it,
each institution by the name it had that day (and today's), and who is in a responsible group."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from archivo_actas.modelo.build import Build
from archivo_actas.modelo.vocabulary import DATE_CERTAINTY
from archivo_actas.modelo.wording import HEADING_DATE, acta_heading
from archivo_actas.sitio.pages import site_pages
from conftest import SEEDS, fixed_archive

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return site_pages(Build.of(fixed_archive(), TODAY)).complete()


def heading(page: str) -> str:
    return re.search(r'<h1 id="[^"]+">(.+?)<a class="headerlink"', page)[1]


def test_every_date_certainty_has_a_heading_wording():
    assert HEADING_DATE.keys() == DATE_CERTAINTY.keys()


@pytest.mark.parametrize("slug,expected", [
    ("2018-11-07", "Reunión del 7 de noviembre de 2018 — Mesa de Gobierno Abierto"),
    ("2022-03-28", "Reunión del 28 de marzo de 2022 — Mesa de Gobierno Abierto"),
    ("2016-01-27", "Reunión con acta fechada el 27 de enero de 2016 — Mesa de Gobierno Abierto"),
])
def test_heading_says_which_meeting(pages, slug, expected):
    page = pages[f"actas/{slug}.md"]
    assert heading(page) == expected
    assert f"title: {expected!r}".replace("'", '"') in page
    assert '<p class="acta-titulo">Título en el acta: ' in page


def test_no_two_actas_share_a_heading(pages):
    headings = [heading(pages[f"actas/{slug}.md"]) for slug in SEEDS]
    assert len(set(headings)) == len(SEEDS)


def test_a_second_meeting_of_a_day_says_so():
    acta = fixed_archive().acta("2019-01-23")
    from dataclasses import replace

    assert acta_heading(replace(acta, slug="2019-01-23-2")) == \
        "Reunión del 23 de enero de 2019 (reunión 2 del día) — Mesa de Gobierno Abierto"


def test_previous_and_next_actas_in_order(pages):
    for i, slug in enumerate(SEEDS):
        page = pages[f"actas/{slug}.md"]
        before = re.search(r'<a rel="prev" href="../../actas/([^"]+)/">', page)
        after = re.search(r'<a rel="next" href="../../actas/([^"]+)/">', page)
        assert (before[1] if before else None) == (SEEDS[i - 1] if i else None)
        assert (after[1] if after else None) == (SEEDS[i + 1] if i + 1 < len(SEEDS) else None)


def test_renamed_institution_shows_the_name_of_that_day_and_todays(pages):
    page = pages["actas/2018-11-07.md"]
    assert ('comision-integridad-publica-transparencia/">Comisión de Probidad y Transparencia</a> '
            '<small class="nombre-actual">(hoy: Comisión de Integridad Pública y Transparencia)</small>') in page
    # An institution whose name did not change has no note.
    assert 'cepal/">Comisión Económica para América Latina y el Caribe (CEPAL)</a><' in pages["actas/2022-03-28.md"]


def test_a_responsible_group_says_who_is_in_it(pages):
    page = pages["actas/2016-01-27.md"]
    assert re.search(r"Subgrupo conformado al efecto, integrado por: <a [^>]+>Comisión Defensora Ciudadana y "
                     r"Transparencia \(CDCyT\)</a>.*, <a [^>]+>Contraloría General de la República \(CGR\)</a>, "
                     r"<a [^>]+>Fundación Ciudadano Inteligente</a> y <a [^>]+>Fundación Multitudes</a>", page)


GLUED = ("</td><td", "</th><th", "</td><th", "</th><td", "</dt><dd", "</dd><dt")


def test_adjacent_cells_are_separated_by_whitespace():
    """Search reads a page's text: table cells, and a fact box's terms and values, keep a space between them."""
    pages = site_pages(Build.of(fixed_archive(), TODAY)).complete()
    glued = {name: glue for name, text in pages.items() for glue in GLUED if glue in text}
    assert glued == {}


def test_the_pages_of_actas_people_and_institutions_are_written_in_html_with_their_headings():
    """The pages of actas, people and institutions come as HTML (nothing for MkDocs to convert), their table of
    contents being the headings they wrote; MkDocs takes both as they are (hooks/archivo.py)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.toc import get_toc

    from archivo_actas.sitio.markdown_text import HeadingStyle

    config = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    pages = site_pages(Build.of(fixed_archive(), TODAY), headings=HeadingStyle.of(config.mdx_configs["toc"])).pages
    done = {src: page for src, page in pages.items() if page.converted is not None}
    one_each = r"(actas/\d{4}-\d{2}-\d{2}|personas/(?!index)[a-z0-9-]+|instituciones/(?!index)[a-z0-9-]+)\.md"
    assert sorted(done) == sorted(src for src in pages if re.fullmatch(one_each, src))
    hook = _hook()
    for src, page in done.items():
        assert page.blocks == () and page.markdown.startswith("---\n") and page.markdown.endswith("\n---\n"), src
        file = File(src, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        file.content_string = page.markdown
        made = hook._Converted(file, config, page.converted)
        made.read_source(config)
        made.render(config, Files([file]))
        assert made.content == page.converted.html and made.meta["tipo"] in ("acta", "persona", "institución"), src
        ids = re.findall(r'<h[1-6][^>]* id="([^"]+)">', page.converted.html)
        assert _ids(made.toc) == ids and len(set(ids)) == len(ids), src
        assert _headings(made.toc) == _headings(get_toc(list(page.converted.toc))), src


def test_the_headings_written_in_html_follow_the_sites_toc_settings():
    """The pages written in HTML use the permalink and ids that mkdocs.yml's toc settings give the hand-written ones."""
    from mkdocs.config import load_config

    from archivo_actas.sitio.markdown_text import SITE_HEADINGS, HeadingStyle

    config = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    assert HeadingStyle.of(config.mdx_configs["toc"]) == SITE_HEADINGS


def _hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("hook_archivo", Path(__file__).resolve().parent.parent / "hooks" /
                                                  "archivo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ids(items) -> list:
    return [found for item in items for found in (item.id, *_ids(item.children))]


def _headings(items) -> list:
    return [(item.level, item.id, item.title, _headings(item.children)) for item in items]

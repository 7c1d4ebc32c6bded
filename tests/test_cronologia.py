"""The timeline page (/cronologia/) on the frozen archive: one marker per meeting, labelled with its date; announced
meetings marked as such; every fact of each meeting; the years without meetings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from archivo_actas.modelo import dates, wording
from archivo_actas.modelo.build import Build
from archivo_actas.sitio.pages import site_pages
from archivo_actas.sitio.timeline import timeline
from conftest import fixed_archive

TODAY = dt.date(2026, 1, 1)
ITEM = re.compile(r'<li class="cronologia-(acta|anunciada)">\n<span class="cronologia-marca cronologia-marca--\1" '
                  r'aria-hidden="true"></span>\n<h3 class="cronologia-fecha">(.*?)</h3>\n(.*?)</li>', re.S)


@pytest.fixture(scope="module")
def archive():
    return fixed_archive()


@pytest.fixture(scope="module")
def page(archive):
    return site_pages(Build.of(archive, TODAY)).complete()["cronologia/index.md"]


def items(page: str) -> list[tuple[str, str, str]]:
    """(kind, label, facts) of every marker on the line, in page order."""
    return ITEM.findall(page)


def test_every_meeting_is_a_marker_labelled_with_its_date_newest_first(page):
    assert [(kind, re.sub(r"<[^>]+>", "", label)) for kind, label, _ in items(page)] == [
        ("acta", "28 de marzo de 2022"),
        ("acta", "23 de enero de 2019"),
        ("anunciada", "19 de noviembre de 2018 (anunciada, sin acta)"),
        ("acta", "7 de noviembre de 2018"),
        ("acta", "13 de junio de 2018"),
        ("acta", "27 de enero de 2016 (fecha incierta)"),
    ]


def test_each_held_meeting_links_its_acta_and_announced_ones_link_nothing_of_their_own(archive, page):
    labels = {kind: [label for k, label, _ in items(page) if k == kind] for kind in ("acta", "anunciada")}
    assert [re.match(r'<a href="\.\./actas/([^/]+)/">', label)[1] for label in labels["acta"]] == \
        [a.slug for a in wording.newest_first(archive.actas)]
    assert labels["anunciada"] == ['19 de noviembre de 2018 <span class="cronologia-tipo">(anunciada, sin acta)</span>']


def test_the_legend_says_what_each_marker_means(page):
    assert "5 reuniones con acta y 1 anunciada sin acta" in page
    assert "Círculo lleno: reunión con acta en el archivo" in page
    assert "Rombo vacío: reunión anunciada en un acta, sin acta propia en el archivo" in page


def test_every_fact_of_each_acta_stays_with_its_date(archive, page):
    facts = {re.search(r"actas/([^/]+)/", label)[1]: text for kind, label, text in items(page) if kind == "acta"}
    for acta in archive.actas:
        assert f"<strong>{acta.title}</strong>. {acta.place or 'Lugar no consta'}. " \
               f"{len(acta.attendees)} asistentes, {len(acta.acuerdos)} acuerdos." in facts[acta.slug]
        assert f"<p>{wording.tabla_summary(acta.tabla)}</p>" in facts[acta.slug]
    assert "Tabla: 1) Planificación 2019. 2) Participación de Chile en la Semana de Gobierno Abierto " \
           "(OpenGov Week 2019). 3) Otros." in facts["2019-01-23"]


def test_an_announced_meeting_says_where_it_was_announced(page):
    [(_, _, text)] = [item for item in items(page) if item[0] == "anunciada"]
    assert text.startswith('<p>Reunión anunciada en el <a href="../actas/2018-11-07/">acta del 7 de noviembre de 2018'
                           '</a>: «Se fija como fecha de la próxima reunión el día 19 de noviembre de 2018.».')
    assert "El archivo no tiene acta de esta reunión." in text


def test_years_are_headings_and_the_years_without_meetings_are_said(page):
    assert re.findall(r"^## (\d{4}) \{ \.cronologia-anio \}$", page, re.M) == ["2022", "2019", "2018", "2016"]
    assert re.findall(r'<p class="cronologia-vacio">(.*?)</p>', page) == [
        "Sin reuniones en el archivo de 2020 a 2021.", "Sin reuniones en el archivo en 2017."]


def test_the_page_is_not_searched(page):
    assert page.startswith("---\ntitle: Cronología\n") and "\nbuscar: false\n" in page.split("---")[1]


def test_text_of_an_acta_is_shown_as_written(archive):
    acta = dataclasses.replace(archive.acta("2019-01-23"), title="<b>*Mesa*</b> [x](y)", place="Sala #1 & 2",
                               tabla=("Punto <i>uno</i>", "Dos_tres"))
    changed = dataclasses.replace(archive, actas=tuple(acta if a.slug == acta.slug else a for a in archive.actas))
    page = site_pages(Build.of(changed, TODAY)).complete()["cronologia/index.md"]
    assert "<strong>&lt;b&gt;*Mesa*&lt;/b&gt; [x](y)</strong>. Sala #1 &amp; 2. " in page
    assert "<p>Tabla: 1) Punto &lt;i&gt;uno&lt;/i&gt; 2) Dos_tres</p>" in page


def test_meetings_of_one_day_and_an_archive_without_gaps(archive):
    second = dataclasses.replace(archive.acta("2019-01-23"), slug="2019-01-23-2", path="actas/2019-01-23-2.md")
    more = dataclasses.replace(archive, actas=archive.actas + (second,))
    years = timeline(Build.of(more, TODAY))
    assert [m.acta.slug for m in years[1].meetings] == ["2019-01-23-2", "2019-01-23"]
    assert [(y.year, y.empty_before) for y in years] == [(2022, (2020, 2021)), (2019, ()), (2018, (2017,)), (2016, ())]
    assert timeline(Build.of(dataclasses.replace(archive, actas=()), TODAY)) == ()


def test_every_date_is_written_as_everywhere_else(archive, page):
    for acta in archive.actas:
        assert f">{dates.long_date(acta.date)}</a></h3>" in page or \
               f">{dates.long_date(acta.date)}</a> (fecha incierta)</h3>" in page


def test_one_attendee_and_one_acuerdo_are_said_in_the_singular(archive):
    """«1 asistente, 1 acuerdo», on this page and on the home page's list of the latest actas."""
    acta = archive.acta("2019-01-23")
    one = dataclasses.replace(acta, attendees=acta.attendees[:1], acuerdos=acta.acuerdos[:1])
    changed = dataclasses.replace(archive, actas=tuple(one if a.slug == one.slug else a for a in archive.actas))
    made = site_pages(Build.of(changed, TODAY)).complete()
    facts = {re.search(r"actas/([^/]+)/", label)[1]: text
             for kind, label, text in items(made["cronologia/index.md"]) if kind == "acta"}
    assert "1 asistente, 1 acuerdo." in facts["2019-01-23"]
    assert "1 asistentes" not in made["cronologia/index.md"] and "1 acuerdos" not in made["cronologia/index.md"]
    home = site_pages(Build.of(changed, TODAY)).home.markdown
    assert "(1 asistente, 1 acuerdo)" in home and "(1 asistentes" not in home

"""Index pages: exact counts and golden pages on the frozen archive, page addresses,
and properties over random archives."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivo_actas.modelo.archive import Archive, load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.modelo.indexes import build_indexes
from archivo_actas.modelo.model import Acta, Acuerdo, Attendee, Deadline, Responsible, Source
from archivo_actas.modelo.registry import Institution, Person, Registry
from archivo_actas.sitio.pages import site_pages
from conftest import FIXED, GOOD, another_meeting, archive_fixtures, fixed_archive

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = dt.date(2026, 1, 1)


archive, indexes = archive_fixtures(fixed_archive)


@pytest.fixture(scope="module")
def pages(archive):
    return site_pages(Build.of(archive, TODAY)).complete()


# Meetings attended per person, counted by hand in the five sources.
PERSON_MEETINGS = {
    "claudia-montero": 4, "galvarino-sazo": 3, "alejandra-naser": 3, "felipe-ajenjo": 3, "manuel-barros": 2,
    "alvaro-ramirez-alujas": 2, "daniela-rosales": 1, "paula-cortes": 1, "gonzalo-guerrero": 1, "michel-figueroa": 1,
    "roman-yosif": 1, "francisco-sanchez-lay": 1, "carolina-chavez": 1, "igor-morales": 1, "valeria-lubbert": 1,
    "cristina-vio": 1, "natalia-martinez": 1, "gabriel-ortiz": 1, "daniel-oyarzun": 1, "andrea-sanhueza": 0,
}

# Meetings, attendance lines and acuerdos per institution, counted by hand in the five sources.
INSTITUTION_COUNTS = {
    "comision-integridad-publica-transparencia": (5, 16, 17), "cepal": (3, 4, 0), "pnud": (3, 3, 0),
    "laboratorio-de-gobierno": (2, 2, 1), "asociacion-chilena-voluntarios": (2, 2, 0), "msgg": (1, 2, 0),
    "defensoria-penal-publica": (1, 2, 0), "minsegpres": (1, 1, 0), "bid": (1, 1, 0),
    "red-academica-gobierno-abierto": (1, 1, 0), "red-sociedad-civil-gobierno-abierto": (1, 1, 1), "sernac": (1, 1, 0),
    "unidad-modernizacion-gobierno-digital": (1, 1, 0), "consejo-para-la-transparencia": (1, 1, 0),
    "fundacion-ciudadano-inteligente": (1, 1, 1), "minsal": (1, 1, 0), "fundacion-multitudes": (1, 1, 1),
    "mma": (1, 1, 0), "contraloria": (1, 1, 1), "division-organizaciones-sociales": (1, 1, 1), "irm": (1, 1, 1),
    "ogp": (0, 0, 0),
}


def test_meetings_per_person(indexes):
    assert {id_: e.meetings for id_, e in indexes.people.items()} == PERSON_MEETINGS


def test_people_responsible_and_drafting(indexes):
    assert {id_: len(e.acuerdos) for id_, e in indexes.people.items() if e.acuerdos} == {"andrea-sanhueza": 1}
    assert {id_: [a.slug for a in e.drafted] for id_, e in indexes.people.items() if e.drafted} == {
        "claudia-montero": ["2018-11-07", "2019-01-23"], "francisco-sanchez-lay": ["2016-01-27"]}


def test_counts_per_institution(indexes):
    got = {id_: (e.meetings, len(e.attendances), len(e.acuerdos)) for id_, e in indexes.institutions.items()}
    assert got == INSTITUTION_COUNTS


def test_acuerdos_and_announced_meetings(indexes):
    assert len(indexes.acuerdos) == 20
    assert [e.anchor for e in indexes.acuerdos][:3] == ["2016-01-27-1", "2016-01-27-2", "2018-06-13-1"]
    assert [(a.date.isoformat(), a.announced_in.slug) for a in indexes.announced] == [("2018-11-19", "2018-11-07")]


def test_every_person_and_institution_has_a_page_at_its_id(indexes, pages):
    for id_, entry in indexes.people.items():
        assert entry.slug == id_ and f"personas/{id_}.md" in pages
    for id_, entry in indexes.institutions.items():
        assert entry.slug == id_ and f"instituciones/{id_}.md" in pages


def test_tracker_has_one_citable_row_per_acuerdo(indexes, pages):
    tracker = pages["acuerdos/index.md"]
    anchors = re.findall(r'<tr id="(\d{4}-\d{2}-\d{2}-\d+)"', tracker)
    assert sorted(anchors) == sorted(e.anchor for e in indexes.acuerdos)
    assert tracker.count("Plazo vencido</strong>") == 4  # the four dated plazos of 7 November 2018


def test_overdue_is_relative_to_the_build_date(archive):
    before = site_pages(Build.of(archive, dt.date(2018, 11, 20))).complete()["acuerdos/index.md"]
    assert before.count("Plazo vencido</strong>") == 1  # only 9 November 2018 had passed


def test_acta_pages_link_every_person_and_institution(archive, pages):
    page = pages["actas/2019-01-23.md"]
    for attendee in archive.acta("2019-01-23").attendees:
        if attendee.person:
            assert f'href="../../personas/{attendee.person}/"' in page
        if attendee.institution:
            assert f'href="../../instituciones/{attendee.institution}/"' in page


@pytest.mark.parametrize("name,src_uri", [
    ("persona", "personas/galvarino-sazo.md"),
    ("institucion", "instituciones/comision-integridad-publica-transparencia.md"),
    ("cronologia", "cronologia/index.md"),
    ("acuerdos", "acuerdos/index.md"),
    ("personas", "personas/index.md"),
    ("acta", "actas/2018-11-07.md"),
])
def test_golden_pages(pages, name, src_uri):
    """Generated pages as reviewed (Markdown; the pages of actas, people and institutions in HTML after their front
    matter); ACTUALIZAR_GOLDEN=1 rewrites the files after a deliberate change."""
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("ACTUALIZAR_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pages[src_uri], encoding="utf-8")
    assert pages[src_uri] == golden.read_text(encoding="utf-8")


def test_the_sections_a_narrative_cannot_take_are_the_pages_own(archive, pages):
    """body.GENERATED_SECTIONS names exactly the level-2 sections that acta.html.j2 writes around the narrative."""
    from archivo_actas.modelo.body import GENERATED_SECTIONS, Heading

    acta = archive.acta("2018-11-07")
    own = [p.text for p in acta.narrative if isinstance(p, Heading) and p.level == 2]
    # A generated heading may carry attributes (data-pagefind-ignore).
    headings = re.findall(r'<h2[^>]*>(.+?)<a class="headerlink"', pages["actas/2018-11-07.md"])
    assert [h for h in headings if h not in own] == list(GENERATED_SECTIONS)


def test_each_drafted_acta_is_its_own_list_item(pages):
    page = pages["personas/claudia-montero.md"]
    drafted = page[page.index('<h2 id="actas-redactadas">'):].split("\n")
    items = [line for line in drafted if line.startswith("<li>")]
    assert [item.count('href="../../actas/') for item in items] == [1, 1]
    assert "actas/2018-11-07/" in items[0] and "actas/2019-01-23/" in items[1]


def test_previous_addresses_redirect_to_the_page(archive):
    redirects = site_pages(Build.of(archive, TODAY)).redirects
    assert list(redirects) == ["personas/claudia-montero-meza/index.html", "rendimiento/index.html"]
    assert 'url=../contribuir/rendimiento/"' in redirects["rendimiento/index.html"]
    page = redirects["personas/claudia-montero-meza/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../../personas/claudia-montero/">' in page
    assert '<link rel="canonical" href="../../personas/claudia-montero/">' in page
    assert "La página de Claudia Montero Meza cambió de dirección" in page


def test_nfc_and_nfd_names_find_the_same_person(archive):
    name = "Valeria Lübbert"
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name
    assert archive.registry.suggest("persona", nfd) == archive.registry.suggest("persona", name) == "valeria-lubbert"


def test_two_builds_give_the_same_pages(pages):
    assert site_pages(Build.of(load_archive(FIXED), TODAY)).complete() == pages


def test_acta_pages_rendered_apart_are_the_same(pages, monkeypatch):
    """A large archive renders its acta pages in a second process, a few at a time: the same pages."""
    from archivo_actas.sitio import pages as module

    monkeypatch.setattr(module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(module, "CHUNK", 2)
    apart = site_pages(Build.of(load_archive(FIXED), TODAY))
    assert apart.complete() == pages
    assert list(apart.pages) == sorted(apart.pages)


# Random small archives: names that collide when slugged, attendees with and without a person.
NAMES = ["Ana Pérez", "Ana Perez", "ANA PÉREZ", "José Núñez", "Luz Díaz", "Luz Diaz"]


@st.composite
def archives(draw):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5))
    people = {f"p{i}": Person(f"p{i}", name) for i, name in enumerate(names)}
    institutions = {f"i{i}": Institution(f"i{i}", f"Institución {i}", "gobierno")
                    for i in range(draw(st.integers(1, 4)))}
    person_ids = st.one_of(st.none(), st.sampled_from(sorted(people)))
    institution_ids = st.one_of(st.none(), st.sampled_from(sorted(institutions)))
    pairs = st.lists(st.tuples(person_ids, institution_ids).filter(lambda t: t != (None, None)), min_size=1, max_size=6)
    groups = st.sampled_from(["miembros", "otros", "sin_grupo"])
    responsible = st.builds(Responsible, person=person_ids, institution=institution_ids,
                            text=st.sampled_from([None, "Representante"]))
    deadlines = st.one_of(st.none(),
                          st.builds(Deadline, st.just("fecha"), st.dates(dt.date(2015, 1, 1), dt.date(2027, 1, 1))))
    actas = []
    for day in draw(st.lists(st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)), min_size=1, max_size=6,
                             unique=True)):
        attendees = []
        for position, (person, institution) in enumerate(draw(pairs), start=1):
            attendees.append(Attendee(person=person, institution=institution, group=draw(groups), position=position))
        acuerdos = []
        for number in range(1, draw(st.integers(0, 4)) + 1):
            responsibles = draw(st.one_of(st.none(), st.lists(responsible, min_size=1, max_size=3)))
            acuerdos.append(Acuerdo(text=f"Acuerdo {number}",
                                    responsibles=tuple(responsibles) if responsibles else None,
                                    deadline=draw(deadlines), number=number))
        actas.append(Acta(slug=day.isoformat(), path=f"actas/{day}.md", date=day, title="Reunión", start=None,
                          end=None, place=None, attendees=tuple(attendees), tabla=("Punto",), acuerdos=tuple(acuerdos),
                          authors=(), source=Source("x.txt", "0" * 64, "texto"), body="## Desarrollo\n"))
    actas.sort(key=lambda a: a.date)
    return Archive(FIXED, Registry(people, institutions), tuple(actas), ())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(archives())
def test_indexes_lose_nothing(archive):
    indexes = build_indexes(archive)
    pages = site_pages(Build.of(archive, TODAY)).complete()
    attendances = [(a.slug, attendee) for a in archive.actas for attendee in a.attendees]
    # Every attendance is on exactly one person page, or on its institution's page when no person is known.
    for slug, attendee in attendances:
        if attendee.person:
            holders = [e for e in indexes.people.values()
                       if any(x.acta.slug == slug and x.attendee is attendee for x in e.attendances)]
        else:
            holders = [e for e in indexes.institutions.values()
                       if any(x.acta.slug == slug and x.attendee is attendee for x in e.attendances)]
        assert len(holders) == 1
    assert sum(len(e.attendances) for e in indexes.people.values()) == sum(1 for _s, a in attendances if a.person)
    assert sum(len(e.attendances) for e in indexes.institutions.values()) == sum(1 for _s, a in attendances
                                                                                 if a.institution)
    # Every acuerdo is once in the tracker, with its own anchor.
    tracker = pages["acuerdos/index.md"]
    for acta in archive.actas:
        for acuerdo in acta.acuerdos:
            assert tracker.count(f'<tr id="{acta.slug}-{acuerdo.number}"') == 1
    assert len(indexes.acuerdos) == sum(len(a.acuerdos) for a in archive.actas)
    # Each page states the counts its rows add up to, and links each meeting.
    for entry in indexes.people.values():
        page = pages[f"personas/{entry.slug}.md"]
        assert page.count('<td role="cell" data-etiqueta="Fecha"><a href="../../actas/') == len(entry.attendances)
        assert len({e.slug for e in indexes.people.values()}) == len(indexes.people)
    for entry in indexes.institutions.values():
        page = pages[f"instituciones/{entry.slug}.md"]
        assert f"<dt>Asistencias</dt>\n<dd>{len(entry.attendances)}</dd>" in page
        assert f"<dt>Reuniones</dt>\n<dd>{entry.meetings}</dd>" in page


def test_seguimiento_is_shown_as_a_chain(project):
    later = another_meeting("2019-02-01", "\n    seguimiento: 2019-01-23#2")
    archive = load_archive(project({"2019-01-23.md": GOOD, "2019-02-01.md": later}))
    assert archive.problems == ()
    pages = site_pages(Build.of(archive, TODAY)).complete()
    tracker = pages["acuerdos/index.md"]
    row_first = tracker[tracker.index('<tr id="2019-01-23-2"'):]
    row_first = row_first[:row_first.index("</tr>")]
    row_later = tracker[tracker.index('<tr id="2019-02-01-1"'):]
    row_later = row_later[:row_later.index("</tr>")]
    assert 'Seguido por: <a href="#2019-02-01-1">1 de febrero de 2019, N° 1</a>' in row_first
    assert 'Da seguimiento a: <a href="#2019-01-23-2">23 de enero de 2019, N° 2</a>' in row_later
    acta_page = pages["actas/2019-02-01.md"]
    assert 'Da seguimiento al acuerdo <a href="../../acuerdos/#2019-01-23-2">23 de enero de 2019, N° 2</a>' in acta_page


def test_an_error_rendering_acta_pages_apart_is_reported(monkeypatch):
    """What goes wrong in the second process stops the build with its traceback, and leaves no process behind."""
    import multiprocessing

    from archivo_actas.sitio import pages as module

    def broken(*args, **kwargs):
        raise ValueError("plantilla rota")

    monkeypatch.setattr(module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(module, "CHUNK", 1)
    monkeypatch.setattr(module, "acta_page", broken)
    # Whichever process met it first: this one raises it, the other one sends its traceback.
    with pytest.raises((RuntimeError, ValueError), match="plantilla rota"):
        site_pages(Build.of(load_archive(FIXED), TODAY))
    assert multiprocessing.active_children() == []


def test_shared_work_is_done_once_by_either_process():
    """Chunks go from the front to the forked process and from the back to this one, until they meet."""
    from archivo_actas.sitio.parallel import shared

    def work(number: int) -> dict[int, int]:
        time.sleep(0.02)
        return {number: os.getpid()}

    with shared(40, work) as results:
        done = results()
    assert sorted(done) == list(range(40))
    assert set(done.values()) - {os.getpid()}, "the forked process did some of the work"

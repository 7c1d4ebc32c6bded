"""Who said what: attributions beside the narrative, checked against the attendance; on the pages and in the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from markupsafe import escape

from archivo_actas.datos.export import Exporter
from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.sitio.pages import site_pages
from conftest import GOOD, fixed_archive

TODAY = dt.date(2026, 12, 2)
NARRATIVE = """
1. La representante de CEPAL destacó el rol de su institución. Comenta que apoya al Gobierno.
2. Se propone revisar el plan. El representante de MINSEGPRES señala que habrá consulta.
"""
SAID = """intervenciones:
  - desde: La representante de CEPAL destacó
    como: La representante de CEPAL
    quienes:
      - persona: alejandra-naser
"""


def acta(interventions: str = SAID, narrative: str = NARRATIVE) -> str:
    head, _, _body = GOOD.partition("\n---\n")
    return f"{head}\n{interventions}---\n{narrative}"


def test_a_passage_is_found_and_numbered(project):
    archive = load_archive(project({"2019-01-23.md": acta()}))
    assert archive.problems == ()
    (said,) = archive.acta("2019-01-23").interventions
    assert said.anchor == "intervencion-1" and said.role == "La representante de CEPAL"
    assert said.text == "La representante de CEPAL destacó el rol de su institución. Comenta que apoya al Gobierno."
    assert [s.person for s in said.speakers] == ["alejandra-naser"]


def test_hasta_ends_a_passage_inside_its_point(project):
    entries = SAID.replace("    como:", "    hasta: el rol de su institución.\n    como:")
    (said,) = load_archive(project({"2019-01-23.md": acta(entries)})).acta("2019-01-23").interventions
    assert said.text == "La representante de CEPAL destacó el rol de su institución."


BAD = [
    ("no encontrada", SAID.replace("CEPAL destacó", "CEPAL dijo"),
     "actas/2019-01-23.md:38: intervenciones[1].desde: la frase «La representante de CEPAL dijo» no está en la "
     "narración: cópiela tal como está escrita"),
    ("repetida", SAID.replace("La representante de CEPAL destacó", "que"),
     "actas/2019-01-23.md:38: intervenciones[1].desde: la frase «que» está 2 veces en la narración: agregue "
     "palabras hasta que sea única"),
    ("hasta en otro punto", SAID.replace("    como:", "    hasta: revisar el plan.\n    como:"),
     "actas/2019-01-23.md:38: intervenciones[1].hasta: la frase «revisar el plan.» no está después de 'desde' en "
     "el mismo punto (párrafo o elemento de lista)"),
    ("no asistió", SAID.replace("alejandra-naser", "valeria-lubbert"),
     "actas/2019-01-23.md:38: intervenciones[1].quienes[1].persona: 'valeria-lubbert' no asistió a esta reunión: "
     "una intervención es de alguien que está en 'asistentes'"),
    ("institución que no asistió", SAID.replace("persona: alejandra-naser", "institucion: pnud"),
     "actas/2019-01-23.md:38: intervenciones[1].quienes[1].institucion: 'pnud' no asistió a esta reunión: "
     "una intervención es de alguien que está en 'asistentes'"),
    ("superpuestas", SAID + SAID.replace("intervenciones:\n", "").replace("La representante de CEPAL destacó",
                                                                           "Comenta que apoya"),
     "actas/2019-01-23.md:42: intervenciones[2].desde: el pasaje se superpone con el de intervenciones[1]: "
     "ajuste 'hasta'"),
    ("sin quienes", SAID.replace("    quienes:\n      - persona: alejandra-naser\n", ""),
     "actas/2019-01-23.md:38: intervenciones[1].quienes: falta la clave obligatoria 'quienes' (asistentes que "
     "hicieron la intervención: persona, o institución si el acta solo la nombra a ella)"),
]


@pytest.mark.parametrize("entries,expected", [(e, m) for _n, e, m in BAD], ids=[n for n, _e, _m in BAD])
def test_bad_attributions_are_refused_at_their_line(project, entries, expected):
    problems = [str(p) for p in load_archive(project({"2019-01-23.md": acta(entries)})).problems]
    assert expected in problems, problems


FORMATTED = "1. La representante de CEPAL destacó el [informe](https://example.org/informe-anual) y *el rol de " \
            "su institución* en Chile.\n"


@pytest.mark.parametrize("entries,expected", [
    (SAID.replace("La representante de CEPAL destacó", "informe-anual"),
     "actas/2019-01-23.md:38: intervenciones[1].desde: la frase «informe-anual» no está en la narración: cópiela "
     "tal como está escrita"),
    (SAID.replace("    como:", "    hasta: el rol\n    como:"),
     "actas/2019-01-23.md:38: intervenciones[1].hasta: el pasaje empieza o termina dentro de un texto con formato "
     "(cursiva, negrita, enlace): ajuste 'desde' o 'hasta'"),
], ids=["solo en la dirección de un enlace", "termina dentro de una cursiva"])
def test_a_passage_is_text_never_part_of_a_tag(project, entries, expected):
    """What the sanitizer kept stays whole: a phrase is looked for in the text, and a passage wraps whole tags."""
    problems = [str(p) for p in load_archive(project({"2019-01-23.md": acta(entries, FORMATTED)})).problems]
    assert problems == [expected]


def test_a_passage_may_hold_a_link_and_emphasis_whole(project):
    archive = load_archive(project({"2019-01-23.md": acta(SAID, FORMATTED)}))
    assert archive.problems == ()
    (said,) = archive.acta("2019-01-23").interventions
    assert said.html.count("<a ") == 1 and said.html.endswith("en Chile.")


def test_an_institution_speaks_when_the_text_names_only_it(project):
    entries = SAID.replace("persona: alejandra-naser", "institucion: sernac")
    archive = load_archive(project({"2019-01-23.md": acta(entries)}))
    assert archive.problems == ()
    assert archive.acta("2019-01-23").interventions[0].speakers[0].institution == "sernac"


# The curation of the five founding actas (tests/archivo_fijo): the two rich ones are fully attributed.
@pytest.mark.parametrize("slug,count", [("2022-03-28", 21), ("2018-11-07", 5), ("2018-06-13", 3),
                                        ("2019-01-23", 0), ("2016-01-27", 0)])
def test_curated_attributions(slug, count):
    assert len(fixed_archive().acta(slug).interventions) == count


@pytest.mark.parametrize("slug,role,people", [
    ("2022-03-28", "La Secretaria Ejecutiva", {"valeria-lubbert"}),
    ("2018-11-07", "El Secretario Ejecutivo de la Comisión de Probidad y Transparencia", {"gonzalo-guerrero"}),
    ("2022-03-28", "Los representantes de CEPAL y PNUD", {"alejandra-naser", "felipe-ajenjo"}),
])
def test_a_role_resolves_to_who_held_it_that_day(slug, role, people):
    found = [i for i in fixed_archive().acta(slug).interventions if i.role == role]
    assert found and all({s.person for s in i.speakers} == people for i in found)


@pytest.fixture(scope="module")
def pages():
    return site_pages(Build.of(fixed_archive(), TODAY)).complete()


def quoted(page: str) -> list[str]:
    section = page[page.index('<h2 id="intervenciones">'):]
    return re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", section, re.S)


def test_each_person_page_quotes_their_points_and_nobody_elses(pages):
    archive = fixed_archive()
    for person in archive.registry.people:
        mine = [str(escape(i.text)) for a in archive.actas for i in a.interventions
                if any(s.person == person for s in i.speakers)]
        assert quoted(pages[f"personas/{person}.md"]) == mine, person


def test_an_institution_page_quotes_what_is_attributed_to_it(pages):
    page = pages["instituciones/laboratorio-de-gobierno.md"]
    assert len(quoted(page)) == 3


def test_the_acta_page_marks_each_passage_and_links_who_said_it(pages):
    page = pages["actas/2022-03-28.md"]
    assert page.count('<span class="intervencion" id="intervencion-') == 21
    first = page[page.index('id="intervencion-1"'):]
    assert re.match(r'id="intervencion-1">La representante de CEPAL destacó[^<]*</span> '
                    r'<span class="intervencion-quien">— <a href="../../personas/alejandra-naser/">', first)


def test_interventions_as_open_data():
    files = Exporter(Build.of(fixed_archive(), TODAY, "https://mesa.example.cl/")).files()
    records = json.loads(files["datos/intervenciones.json"])["intervenciones"]
    archive = fixed_archive()
    assert len(records) == sum(len(i.speakers) for a in archive.actas for i in a.interventions)
    first = records[0]
    assert first["url"] == f"https://mesa.example.cl/actas/{first['acta']}/#{first['punto']}"
    rows = list(csv.reader(io.StringIO(files["datos/intervenciones.csv"].lstrip("\ufeff"))))
    assert rows[0] == ["acta", "punto", "person_id", "organization_id", "nombre", "como", "texto", "url"]
    assert len(rows) == len(records) + 1

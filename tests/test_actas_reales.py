"""The five founding actas as they stand in actas/: each keeps the facts of its source document.

These are facts about those five files; the archive around them grows, and is checked by invariants
(test_archivo_vivo.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter

import pytest

from archivo_actas.modelo.archive import ORIGINALS_DIR
from archivo_actas.modelo.text import fold
from conftest import FIXED, ROOT, SEEDS, fixed_archive, live_archive

pytestmark = pytest.mark.vivo


@pytest.fixture(scope="module")
def archive():
    return live_archive()


def test_the_five_founding_actas_are_in_the_archive(archive):
    assert [str(p) for p in archive.problems] == []
    assert set(SEEDS) <= {a.slug for a in archive.actas}


def test_frozen_registry_counts():
    assert len(fixed_archive().registry.people) == 20
    assert len(fixed_archive().registry.institutions) == 22


# Facts read from the five source documents: times, place, attendees per group, tabla items,
# acuerdos with their plazos, next meeting, and the initials that sign the minutes.
FACTS = {
    "2016-01-27": dict(start="16:30", end="18:00", place=None, groups={"sin_grupo": 19}, tabla=2,
                       deadlines=[None, None], next_meeting="por definir", authors=[("francisco-sanchez-lay", "FSL")],
                       certainty="elaboracion", kind="ocr"),
    "2018-06-13": dict(start="16:00", end="17:00", place="Laboratorio de Gobierno", groups={"sin_grupo": 4}, tabla=1,
                       deadlines=["a la brevedad"] * 3, next_meeting=None, authors=[], certainty="exacta",
                       kind="texto"),
    "2018-11-07": dict(start="15:00", end="17:00", place="Edificio Bicentenario, Teatinos 92, piso 9",
                       groups={"miembros": 5, "secretaria_actas": 1, "otros": 2}, tabla=2,
                       deadlines=["fecha 2018-11-09", "fecha 2018-11-23", "fecha 2018-12-14", "hasta 2018-11-22"]
                       + ["a la brevedad"] * 3,
                       next_meeting="2018-11-19", authors=[("claudia-montero", "CMM")], certainty="exacta",
                       kind="texto"),
    "2019-01-23": dict(start="15:00", end="17:00", place="CEPAL",
                       groups={"miembros": 6, "secretaria_actas": 1, "otros": 1}, tabla=3,
                       deadlines=["a la brevedad"] * 4, next_meeting="por definir",
                       authors=[("claudia-montero", "CMM")], certainty="exacta", kind="texto"),
    "2022-03-28": dict(start="09:30", end="11:00", place="Edificio Bicentenario, Teatinos 92, Santiago",
                       groups={"miembros": 5, "otros": 5}, tabla=3, deadlines=["a la brevedad"] * 4,
                       next_meeting="por definir", authors=[], certainty="exacta", kind="texto"),
}


def _deadline(deadline):
    if deadline is None:
        return None
    return f"{deadline.kind} {deadline.date.isoformat()}" if deadline.date else deadline.kind


@pytest.mark.parametrize("slug", FACTS)
def test_acta_keeps_the_facts_of_its_source(archive, slug):
    acta, facts = archive.acta(slug), FACTS[slug]
    assert acta.date == dt.date.fromisoformat(slug)
    assert acta.date_certainty == facts["certainty"]
    assert acta.start.strftime("%H:%M") == facts["start"]
    assert acta.end.strftime("%H:%M") == facts["end"]
    assert acta.place == facts["place"]
    assert {g: len(a) for g, a in acta.attendees_by_group.items()} == facts["groups"]
    assert len(acta.tabla) == facts["tabla"]
    assert [_deadline(a.deadline) for a in acta.acuerdos] == facts["deadlines"]
    assert [a.number for a in acta.acuerdos] == list(range(1, len(facts["deadlines"]) + 1))
    next_meeting = acta.next_meeting and (acta.next_meeting.words or acta.next_meeting.date.isoformat())
    assert next_meeting == facts["next_meeting"]
    assert [(a.person, a.signature) for a in acta.authors] == facts["authors"]
    assert acta.source.kind == facts["kind"]


def test_attendance_known_only_by_institution_keeps_repetitions(archive):
    acta = archive.acta("2016-01-27")
    assert all(a.person is None for a in acta.attendees)
    counts = Counter(a.institution for a in acta.attendees)
    assert counts["comision-integridad-publica-transparencia"] == 3
    assert counts["msgg"] == 2
    assert counts["defensoria-penal-publica"] == 2
    assert sum(counts.values()) == 19


def test_roles_over_time(archive):
    sazo = {slug: next(x for x in archive.acta(slug).attendees if x.person == "galvarino-sazo")
            for slug in ("2018-11-07", "2019-01-23")}
    assert sazo["2018-11-07"].cargo == "Coordinador"
    assert sazo["2019-01-23"].on_behalf_of == "Subsecretario General de la Presidencia"


def test_responsables_of_each_acuerdo(archive):
    commission = "comision-integridad-publica-transparencia"
    expect = {
        "2018-06-13": [[commission], ["laboratorio-de-gobierno"], [commission]],
        "2018-11-07": [[commission]] * 7,
        "2019-01-23": [[commission]] * 4,
        "2022-03-28": [[commission]] * 3 + [["red-sociedad-civil-gobierno-abierto"]],
    }
    for slug, responsables in expect.items():
        got = [[r.institution for r in a.responsibles] for a in archive.acta(slug).acuerdos]
        assert got == responsables, slug
    last = archive.acta("2022-03-28").acuerdos[3].responsibles[0]
    assert last.text == "Representante de la Red de Sociedad Civil"
    ocr = archive.acta("2016-01-27").acuerdos
    assert ocr[0].responsibles is None
    assert ocr[1].responsibles[0].person == "andrea-sanhueza"


def test_commission_is_one_institution_with_four_names(archive):
    commission = archive.registry.institutions["comision-integridad-publica-transparencia"]
    assert [n.name for n in commission.history] == [
        "Comisión Defensora Ciudadana y Transparencia",
        "Comisión de Probidad y Transparencia",
        "Comisión de Integridad y Transparencia",
        "Comisión de Integridad Pública y Transparencia",
    ]
    as_written = {"2016-01-27": "Comision Defensora Ciudadana y Transparencia",
                  "2018-06-13": "Comisión de Probidad y Transparencia",
                  "2018-11-07": "Comisión de Probidad y Transparencia",
                  "2019-01-23": "Comisión de Integridad y Transparencia",
                  "2022-03-28": "Comisión de Integridad Pública y Transparencia"}
    for slug, written in as_written.items():
        assert fold(commission.name_at(archive.acta(slug).date).name) == fold(written)


# OCR misreadings in the 2016 source, corrected in the acta (its curation notes list them).
OCR_CORRECTIONS = {"plblica": "publica", "piublica": "publica", "elaboracieon": "elaboracion", "revisidn": "revision"}


def _source_text(acta) -> str:
    """The original, folded, with the OCR misreadings corrected."""
    text = fold((ROOT / ORIGINALS_DIR / acta.source.file).read_text(encoding="utf-8"))
    for wrong, right in OCR_CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text


@pytest.mark.parametrize("slug", SEEDS)
def test_every_attendee_is_named_in_the_source(archive, slug):
    """Each attendee's person (by name or alias) or, failing that, institution appears in the original text."""
    acta = archive.acta(slug)
    source = _source_text(acta)
    registry = archive.registry
    for attendee in acta.attendees:
        entry = registry.people[attendee.person] if attendee.person else registry.institutions[attendee.institution]
        names = entry.all_names
        assert any(fold(name) in source for name in names), (acta.slug, names)


@pytest.mark.parametrize("slug", SEEDS)
def test_every_acuerdo_and_tabla_item_comes_from_the_source(archive, slug):
    """Every word of each acuerdo and tabla item appears in the original (OCR text folded and corrected)."""
    acta = archive.acta(slug)
    source = _source_text(acta)
    source_words = set(re.findall(r"\w+", fold(source)))
    for text in [a.text for a in acta.acuerdos] + list(acta.tabla):
        words = re.findall(r"\w+", fold(text))
        missing = [w for w in words if w not in source_words]
        assert missing == [], (acta.slug, text, missing)


@pytest.mark.parametrize("slug", SEEDS)
def test_original_is_kept_unchanged(archive, slug):
    """The original is byte for byte the one the acta was curated from (kept frozen under tests/)."""
    acta = archive.acta(slug)
    original = (ROOT / ORIGINALS_DIR / acta.source.file).read_bytes()
    assert hashlib.sha256(original).hexdigest() == acta.source.sha256
    assert (FIXED / ORIGINALS_DIR / acta.source.file).read_bytes() == original

"""The post-build check finds what a build lost."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.modelo.indexes import build_indexes
from archivo_actas.sitio.integrity import lost
from conftest import ROOT, archive_fixtures, fixed_archive, make_project, mkdocs, run

archive, indexes = archive_fixtures(fixed_archive)


def copy(site, tmp_path):
    target = tmp_path / "sitio"
    shutil.copytree(site, target)
    return target


def test_frozen_build_loses_nothing(fixed_site, archive, indexes):
    assert lost(Build(archive, indexes, dt.date.today()), fixed_site) == []


def test_a_missing_acta_page(fixed_site, archive, indexes, tmp_path):
    broken = copy(fixed_site, tmp_path)
    shutil.rmtree(broken / "actas" / "2018-06-13")
    assert lost(Build(archive, indexes, dt.date.today()), broken) == [
        "actas/2018-06-13.md: el acta no produjo su página actas/2018-06-13/"]


def test_an_intervention_missing_from_its_speakers_page(fixed_site, archive, indexes, tmp_path):
    broken = copy(fixed_site, tmp_path)
    said = archive.acta("2022-03-28").interventions[0]
    person = indexes.people[said.speakers[0].person]
    page = broken / "personas" / person.slug / "index.html"
    text = page.read_text(encoding="utf-8")
    assert f"actas/2022-03-28/#{said.anchor}" in text
    page.write_text(text.replace(f"actas/2022-03-28/#{said.anchor}\"", "actas/2022-03-28/\""), encoding="utf-8")
    assert lost(Build(archive, indexes, dt.date.today()), broken) == [
        f"actas/2022-03-28.md: la intervención «{said.text[:40]}…» no aparece en personas/{person.slug}/"]


def test_an_attendance_missing_from_a_person_page(fixed_site, archive, indexes, tmp_path):
    broken = copy(fixed_site, tmp_path)
    page = broken / "personas" / "roman-yosif" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("actas/2018-06-13/", "actas/otra/"), encoding="utf-8")
    assert lost(Build(archive, indexes, dt.date.today()), broken) == [
        "actas/2018-06-13.md: la asistencia de Roman Yosif no aparece en personas/roman-yosif/"]


def test_attendance_known_only_by_institution_is_checked_on_its_page(fixed_site, archive, indexes, tmp_path):
    broken = copy(fixed_site, tmp_path)
    page = broken / "instituciones" / "sernac" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("actas/2016-01-27/", "actas/otra/"), encoding="utf-8")
    assert lost(Build(archive, indexes, dt.date.today()), broken) == [
        "actas/2016-01-27.md: la asistencia de Servicio Nacional del Consumidor no aparece en instituciones/sernac/"]


def test_a_previous_address_that_no_longer_leads_to_the_page(fixed_site, archive, indexes, tmp_path):
    broken = copy(fixed_site, tmp_path)
    shutil.rmtree(broken / "personas" / "claudia-montero-meza")
    assert lost(Build(archive, indexes, dt.date.today()), broken) == [
        "la dirección anterior personas/claudia-montero-meza/ de Claudia Montero Meza "
        "ya no lleva a personas/claudia-montero/"]


def test_an_acuerdo_missing_from_tracker_and_data(fixed_site, archive, indexes, tmp_path):
    broken = copy(fixed_site, tmp_path)
    tracker = broken / "acuerdos" / "index.html"
    tracker.write_text(tracker.read_text(encoding="utf-8").replace('<tr id="2018-11-07-3"', "<tr"), encoding="utf-8")
    data = broken / "datos" / "acuerdos.json"
    data.write_text(data.read_text(encoding="utf-8").replace('"id": "2018-11-07-3"', '"id": "x"'), encoding="utf-8")
    assert lost(Build(archive, indexes, dt.date.today()), broken) == [
        "actas/2018-11-07.md: el acuerdo N° 3 no aparece en el seguimiento de acuerdos",
        "actas/2018-11-07.md: el acuerdo N° 3 no aparece en datos/acuerdos.json",
    ]


EPOCH = str(int(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp()))
SITE_URL = "https://mesa.example.cl/archivo/"


def build_tree(target, generator="mkdocs"):
    """A build of the real archive with a fixed SOURCE_DATE_EPOCH, as {path: bytes}."""
    args = (["build", "--strict", "--site-dir", str(target)]
            + (["-f", "mkdocs.yml"] if generator == "properdocs" else []))
    result = run([sys.executable, "-m", generator, *args], ROOT, SOURCE_DATE_EPOCH=EPOCH, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def epoch_build(tmp_path_factory):
    """The real archive built once with a fixed SOURCE_DATE_EPOCH."""
    return build_tree(tmp_path_factory.mktemp("epoca"))


@pytest.mark.xdist_group("epoca")
def test_two_builds_are_byte_identical(epoch_build, tmp_path):
    """Pages, data, feeds, sitemap and the search index: SOURCE_DATE_EPOCH fixes the build date, and the index is
    written in one canonical form (sitio/pagefind_format.py)."""
    first, second = epoch_build, build_tree(tmp_path / "b")
    assert first.keys() == second.keys()
    assert any(name.startswith("pagefind/filter/") for name in first)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.xdist_group("epoca")
def test_sitemap_lists_every_acta_with_the_sites_address(epoch_build):
    sitemap = epoch_build["sitemap.xml"].decode("utf-8")
    for slug in (p.stem for p in (ROOT / "actas").glob("*.md")):
        assert f"<loc>{SITE_URL}actas/{slug}/</loc>" in sitemap, slug


def test_no_sitemap_without_the_sites_address(fixed_site):
    """A sitemap lists full addresses: a build without SITE_URL publishes none rather than an empty one."""
    assert not (fixed_site / "sitemap.xml").exists() and not (fixed_site / "sitemap.xml.gz").exists()


GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.xdist_group("epoca")
def test_properdocs_builds_the_same_site(epoch_build, tmp_path):
    """ProperDocs 1.6.7, the maintained fork of MkDocs 1.x, builds the same bytes but for the generator tag."""
    mkdocs_tree, properdocs_tree = epoch_build, build_tree(tmp_path / "properdocs", "properdocs")
    assert mkdocs_tree.keys() == properdocs_tree.keys()
    assert b'content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"' in properdocs_tree["index.html"]
    differ = [name for name in mkdocs_tree if mkdocs_tree[name] != properdocs_tree[name]]
    assert differ and all(name.endswith(".html") for name in differ)
    for name in differ:
        assert GENERATOR_TAG.sub(b"", mkdocs_tree[name]) == GENERATOR_TAG.sub(b"", properdocs_tree[name]), name


# A hypothesis property: random valid archives, built for real, lose nothing (the same check the build runs).
# Ids from the frozen registry, which make_project copies into every throwaway project.
PEOPLE = ["alejandra-naser", "claudia-montero", "galvarino-sazo", "roman-yosif", "valeria-lubbert"]
INSTITUTIONS = ["cepal", "comision-integridad-publica-transparencia", "laboratorio-de-gobierno", "pnud", "sernac"]
TEXTS = st.sampled_from(["Enviar el informe | versión 2", "Revisar «compromisos» & metas", 'Citar a "la Mesa"',
                         "Coordinar\ncon la Red", "Re\u0301unio\u0301n en NFD", "Plazo: 3 días * 2", "x < y, y > z"])


@st.composite
def attendee_entries(draw):
    """A registry person, an institution, or both: the three ways an attendance is recorded."""
    kind = draw(st.sampled_from(["persona", "institucion", "ambas"]))
    entry = {}
    if kind in ("persona", "ambas"):
        entry["persona"] = draw(st.sampled_from(PEOPLE))
    if kind in ("institucion", "ambas"):
        entry["institucion"] = draw(st.sampled_from(INSTITUTIONS))
    return entry


@st.composite
def random_archives(draw):
    """{file name: acta text}: one to six meetings, some on the same day, each with its own original."""
    days = draw(st.lists(st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31)), min_size=1, max_size=5))
    files, seen = {}, {}
    for index, day in enumerate(days):
        seen[day] = seen.get(day, 0) + 1
        name = day.isoformat() + (f"-{seen[day]}" if seen[day] > 1 else "")
        groups = {}
        for group in draw(st.lists(st.sampled_from(["miembros", "secretaria_actas", "otros", "sin_grupo"]),
                                   min_size=1, max_size=3, unique=True)):
            groups[group] = draw(st.lists(attendee_entries(), min_size=1, max_size=4))
        acuerdos = []
        for _ in range(draw(st.integers(0, 3))):
            responsables = draw(st.one_of(st.none(), st.lists(attendee_entries(), min_size=1, max_size=2)))
            plazo = draw(st.one_of(st.none(), st.just("a la brevedad"),
                                   st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))))
            acuerdos.append({"texto": draw(TEXTS), "responsable": responsables, "plazo": plazo})
        original = f"{index:03d}_aleatorio.txt"
        text = f"Acta original {index} del {day.isoformat()}\n"
        front = {"fecha": day, "titulo": f"Reunión {draw(TEXTS).splitlines()[0]}", "inicio": None, "termino": None,
                 "lugar": None, "asistentes": groups, "tabla": [draw(TEXTS)], "acuerdos": acuerdos, "redactada_por": [],
                 "fuente": {"archivo": original, "sha256": hashlib.sha256(text.encode()).hexdigest(), "tipo": "texto"}}
        files[f"{name}.md"] = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                               + "---\n\n## Desarrollo\n\nTexto.\n")
        files[f"originales/{original}"] = text
    return files


@settings(max_examples=int(os.environ.get("EJEMPLOS_PROPIEDADES", "6")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=random_archives())
def test_random_archives_build_and_lose_nothing(files, tmp_path_factory):
    """Every acta gets its page, every attendance its person or institution page, every acuerdo its row and its data."""
    root = make_project(tmp_path_factory.mktemp("azar"), with_site=True)
    shutil.rmtree(root / "actas" / "originales")
    (root / "actas" / "originales").mkdir()
    for name, content in files.items():
        (root / "actas" / name).write_text(content, encoding="utf-8")
    archive = load_archive(root)
    assert [str(p) for p in archive.problems] == []
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    indexes = build_indexes(archive)
    assert lost(Build(archive, indexes, dt.date.today()), root / "site") == []
    rows = list(csv.DictReader(io.StringIO((root / "site" / "datos" / "acuerdos.csv").read_text(encoding="utf-8-sig"))))
    by_anchor = {r["url"].rsplit("#", 1)[1]: r for r in rows}
    assert sorted(by_anchor) == sorted(e.anchor for e in indexes.acuerdos) and len(rows) == len(by_anchor)
    for entry in indexes.acuerdos:
        assert by_anchor[entry.anchor]["texto"] == entry.acuerdo.text

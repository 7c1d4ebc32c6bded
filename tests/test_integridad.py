"""The post-build check finds what a build lost."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from archivo_actas.archive import load_archive
from archivo_actas.indexes import build_indexes
from archivo_actas.integrity import lost
from conftest import ROOT, mkdocs

ARCHIVE = load_archive(ROOT)
INDEXES = build_indexes(ARCHIVE)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    target = tmp_path_factory.mktemp("sitio")
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(target))
    assert result.returncode == 0, result.stderr
    return target


def copy(site, tmp_path):
    target = tmp_path / "sitio"
    shutil.copytree(site, target)
    return target


def test_real_build_loses_nothing(site):
    assert lost(ARCHIVE, INDEXES, site) == []


def test_a_missing_acta_page(site, tmp_path):
    broken = copy(site, tmp_path)
    shutil.rmtree(broken / "actas" / "2018-06-13")
    assert lost(ARCHIVE, INDEXES, broken) == ["actas/2018-06-13.md: el acta no produjo su página actas/2018-06-13/"]


def test_an_attendance_missing_from_a_person_page(site, tmp_path):
    broken = copy(site, tmp_path)
    page = broken / "personas" / "roman-yosif" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("actas/2018-06-13/", "actas/otra/"), encoding="utf-8")
    assert lost(ARCHIVE, INDEXES, broken) == ["actas/2018-06-13.md: la asistencia de Roman Yosif no aparece en personas/roman-yosif/"]


def test_attendance_known_only_by_institution_is_checked_on_its_page(site, tmp_path):
    broken = copy(site, tmp_path)
    page = broken / "instituciones" / "sernac" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("actas/2016-01-27/", "actas/otra/"), encoding="utf-8")
    assert lost(ARCHIVE, INDEXES, broken) == [
        "actas/2016-01-27.md: la asistencia de Servicio Nacional del Consumidor no aparece en instituciones/sernac/"]


def test_an_acuerdo_missing_from_tracker_and_data(site, tmp_path):
    broken = copy(site, tmp_path)
    tracker = broken / "acuerdos" / "index.html"
    tracker.write_text(tracker.read_text(encoding="utf-8").replace('<tr id="2018-11-07-3"', "<tr"), encoding="utf-8")
    data = broken / "datos" / "acuerdos.json"
    data.write_text(data.read_text(encoding="utf-8").replace('"id": "2018-11-07-3"', '"id": "x"'), encoding="utf-8")
    assert lost(ARCHIVE, INDEXES, broken) == [
        "actas/2018-11-07.md: el acuerdo N° 3 no aparece en el seguimiento de acuerdos",
        "actas/2018-11-07.md: el acuerdo N° 3 no aparece en datos/acuerdos.json",
    ]


def _two_builds(tmp_path):
    """Two builds of the same input with the same SOURCE_DATE_EPOCH: each as {path: bytes}."""
    import os

    trees = []
    for name in ("a", "b"):
        target = tmp_path / name
        env_before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp()))
        try:
            result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(target))
        finally:
            if env_before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = env_before
        assert result.returncode == 0, result.stderr
        trees.append({p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()})
    return trees


def test_two_builds_are_identical_outside_the_search_index(tmp_path):
    """SOURCE_DATE_EPOCH fixes the build date: pages, data, feeds and sitemap are byte-identical."""
    trees = _two_builds(tmp_path)
    outside = [{k: v for k, v in tree.items() if not k.startswith("pagefind/")} for tree in trees]
    assert outside[0].keys() == outside[1].keys()
    assert [name for name in outside[0] if outside[0][name] != outside[1][name]] == []


def test_two_builds_have_the_same_search_index(tmp_path):
    """Pagefind writes its filters in hash-map order; make_deterministic sorts them and renames by content."""
    trees = _two_builds(tmp_path)
    index = [{k: v for k, v in tree.items() if k.startswith("pagefind/")} for tree in trees]
    assert index[0] == index[1]


def test_pagefind_files_round_trip_through_the_cbor_codec(site):
    """The codec re-encodes every filter and meta file byte for byte, so sorting them changes nothing else."""
    import gzip

    from archivo_actas import cbor

    files = sorted((site / "pagefind").glob("*.pf_meta")) + sorted((site / "pagefind" / "filter").glob("*.pf_filter"))
    assert len(files) == 3
    for path in files:
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        assert cbor.dumps(cbor.loads(data)) == data, path.name
    filters = [cbor.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd")) for p in files[1:]]
    assert sorted(name for name, _values in filters) == ["año", "tipo"]
    for _name, values in filters:
        assert [v[0] for v in values] == sorted(v[0] for v in values)


@pytest.mark.parametrize("data,message", [(b"\x9f\x01\xff", "longitud indefinida"), (b"\x82\x01", "truncados"),
                                          (b"\x01\x02", "sobran 1 bytes")])
def test_cbor_refuses_what_pagefind_does_not_write(data, message):
    from archivo_actas import cbor

    with pytest.raises(cbor.CBORError, match=message):
        cbor.loads(data)

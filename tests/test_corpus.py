"""The synthetic archive: valid, deterministic for a seed, of the size asked, and it builds."""

from __future__ import annotations

import filecmp
import sys

import pytest

from archivo_actas.herramientas.corpus import INSTITUTION_KINDS
from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.vocabulary import SECTORS
from conftest import ROOT, mkdocs, run

# Its module fixtures are costly: one worker runs the whole module (pytest-xdist, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("corpus")


def generate(n: int, target, seed: int = 1):
    result = run([sys.executable, str(ROOT / "scripts" / "generar_corpus.py"), str(n), str(target),
                  "--semilla", str(seed)], ROOT)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(60, tmp_path_factory.mktemp("corpus") / "c")


def test_corpus_validates_with_the_asked_sizes(corpus):
    archive = load_archive(corpus)
    assert archive.problems == ()
    assert len(archive.actas) == 60
    assert len(archive.registry.people) == 15 and len(archive.registry.institutions) == 4
    assert all(3 <= len(a.acuerdos) <= 6 for a in archive.actas)
    sizes = [len(a.body.encode("utf-8")) for a in archive.actas]
    assert min(sizes) >= 8_000 and max(sizes) <= 15_000
    assert any(i.history for i in archive.registry.institutions.values()) or len(archive.registry.institutions) < 5
    assert all(p.aliases for p in archive.registry.people.values())


def test_same_seed_same_corpus(tmp_path, corpus):
    again = generate(60, tmp_path / "again")
    other = generate(60, tmp_path / "other", seed=2)
    comparison = filecmp.dircmp(corpus / "actas", again / "actas")
    assert comparison.diff_files == [] and comparison.left_only == [] and comparison.right_only == []
    assert (corpus / "actas" / "2005-01-03.md").read_bytes() == (again / "actas" / "2005-01-03.md").read_bytes()
    assert (corpus / "actas" / "2005-01-03.md").read_bytes() != (other / "actas" / "2005-01-03.md").read_bytes()


def test_corpus_builds(corpus, tmp_path):
    result = mkdocs(corpus, "build", "--strict", "--site-dir", str(tmp_path / "sitio"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "sitio" / "actas").glob("*/index.html"))) == 60


def test_generator_uses_only_known_sectors():
    assert {kind[1] for kind in INSTITUTION_KINDS} <= set(SECTORS)

"""The benchmark's own pieces: the floor project, the page it writes, Spanish numbers."""

from __future__ import annotations

import pytest

from archivo_actas.herramientas import benchmark
from archivo_actas.herramientas.corpus import CorpusWriter
from conftest import ROOT


def test_spanish_numbers():
    assert (benchmark.es(1234.5, 1), benchmark.es(5000), benchmark.es(0.834, 2)) == ("1.234,5", "5.000", "0,83")


def test_floor_project_has_the_same_actas_as_plain_pages(tmp_path):
    CorpusWriter(5).write(ROOT, tmp_path / "completo")
    benchmark.floor_project(tmp_path / "completo", tmp_path / "piso")
    pages = sorted((tmp_path / "piso" / "docs" / "actas").glob("*.md"))
    assert [p.name for p in pages] == sorted(p.name for p in (tmp_path / "completo" / "actas").glob("*.md"))
    first = pages[0].read_text(encoding="utf-8")
    assert first.startswith("# Reunión Mesa de Gobierno Abierto N° 1\n") and "fuente:" not in first
    config = (tmp_path / "piso" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "- search:" in config


@pytest.mark.parametrize("ratio,verdict", [(1.2, "cumple"), (1.9, "no cumple")])
def test_page_states_targets(tmp_path, ratio, verdict):
    result = {"n": 1000, "repeticiones": 3, "piso_s": 10.0, "completa_s": 10.0 * ratio, "piso_memoria_kb": 100_000,
              "completa_memoria_kb": 200_000, "piso_paginas": 1001, "completa_paginas": 1300,
              "completa_bytes": 50 * 2**20, "piso_indice": 10_000_000, "completa_indice": 9_000_000,
              "piso_consulta": 10_000_000, "completa_consulta": 250_000, "validador_actas_s": 1500.0}
    benchmark.write_page([result], {"n": 1000, "segundos": 2.5}, tmp_path, "2026-01-01")
    page = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert f"- Completa / piso a 1.000: **{benchmark.es(ratio, 2)}** (meta ≤ 1,5): {verdict}." in page
    assert "| 1.000 | 10,0 s |" in page
    assert "la cronología en **2,5 s** (meta ≤ 3 s): cumple." in page
    assert (tmp_path / "tiempos.svg").read_text(encoding="utf-8").startswith("<svg")

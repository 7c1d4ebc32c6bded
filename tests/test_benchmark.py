"""The benchmark's own pieces: the floor project and its build, the memory sampler, the bytes a search costs as served,
the queries it chooses, the page it writes, Spanish numbers."""

from __future__ import annotations

import gzip
import sys

import pytest

from archivo_actas.herramientas import benchmark, rendimiento, search_bytes
from archivo_actas.herramientas.corpus import COMUNAS, CorpusWriter
from conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A written corpus of five actas, and its writer."""
    writer = CorpusWriter(5)
    target = tmp_path_factory.mktemp("corpus") / "completo"
    writer.write(ROOT, target)
    return writer, target


def test_spanish_numbers():
    assert (rendimiento.es(1234.5, 1), rendimiento.es(5000), rendimiento.es(0.834, 2)) == ("1.234,5", "5.000", "0,83")


def test_floor_project_has_the_same_actas_as_plain_pages_and_no_search_plugin(corpus, tmp_path):
    benchmark.floor_project(corpus[1], tmp_path / "piso")
    pages = sorted((tmp_path / "piso" / "docs" / "actas").glob("*.md"))
    assert [p.name for p in pages] == sorted(p.name for p in (corpus[1] / "actas").glob("*.md"))
    first = pages[0].read_text(encoding="utf-8")
    assert first.startswith("# Reunión Mesa de Gobierno Abierto N° 1\n") and "fuente:" not in first
    config = (tmp_path / "piso" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "search" not in config and "\nplugins: []\n" in config


def test_floor_build_runs_material_then_pagefind_over_the_actas(corpus, tmp_path):
    benchmark.floor_project(corpus[1], tmp_path / "piso")
    mkdocs_s, pagefind_s, peaks = benchmark.floor_build(tmp_path / "piso")
    assert mkdocs_s > 0 and pagefind_s > 0 and set(peaks) >= {"python", "pagefind"}
    site = tmp_path / "piso" / "site"
    assert not (site / "search").exists() and (site / "pagefind" / "pagefind-entry.json").exists()
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == 5


# A process that holds 50 MB for a moment: run alone, and as the child of a shell (which does not exec it).
HOLDS = "x = bytearray(50_000_000); import time; time.sleep(0.3)"


@pytest.mark.parametrize("command", [[sys.executable, "-c", HOLDS],
                                     ["sh", "-c", f"{sys.executable} -c '{HOLDS}'; true"]], ids=["proceso", "hijo"])
def test_sampler_keeps_the_peak_of_each_process_by_name(tmp_path, command):
    seconds, peaks = benchmark.sampled(command, tmp_path)
    assert seconds >= 0.3 and peaks["python"] >= 45_000_000 / 1024 and peaks.get("sh", 0) < 20 * 1024


def test_sampler_reports_a_failed_command(tmp_path):
    with pytest.raises(RuntimeError, match="falló"):
        benchmark.sampled([sys.executable, "-c", "import sys; sys.exit('mal')"], tmp_path)


TEXT = b"var pagefind = function () { return 'pagefind'; };\n" * 200
BINARY = bytes(range(256)) * 8


@pytest.mark.parametrize("url,body,part,served", [
    ("http://h/pagefind/pagefind.es_ac608a9188.pf_meta", BINARY, "metadatos", len(BINARY)),
    ("http://h/pagefind/pagefind-entry.json", TEXT, "metadatos", len(gzip.compress(TEXT, 6, mtime=0))),
    ("http://h/pagefind/filter/es_1a2b3c4.pf_filter", BINARY, "filtros", len(BINARY)),
    ("http://h/pagefind/index/es_1a2b3c4.pf_index", BINARY, "indice", len(BINARY)),
    ("http://h/pagefind/fragment/es_1a2b3c4.pf_fragment", BINARY, "fragmentos", len(BINARY)),
    ("http://h/pagefind/wasm.es.pagefind", BINARY, "programa", len(BINARY)),
    ("http://h/pagefind/pagefind-component-ui.js?v=1", TEXT, "programa", len(gzip.compress(TEXT, 6, mtime=0))),
    ("http://h/pagefind/pagefind-component-ui.css", TEXT, "programa", len(gzip.compress(TEXT, 6, mtime=0))),
    ("http://h/js/buscador.js", TEXT, "programa", len(gzip.compress(TEXT, 6, mtime=0))),
    ("http://h/actas/", TEXT, "otros", len(gzip.compress(TEXT, 6, mtime=0))),
])
def test_search_bytes_count_as_served(url, body, part, served):
    assert (search_bytes.category(url), search_bytes.served_bytes(url, body)) == (part, served)


def test_breakdown_sums_the_parts():
    found = search_bytes.breakdown([("http://h/pagefind/a.pf_index", b"12345"), ("http://h/pagefind/b.pf_index", b"1"),
                                    ("http://h/pagefind/c.pf_fragment", b"123")])
    assert found == {"programa": 0, "metadatos": 0, "filtros": 0, "indice": 6, "fragmentos": 3, "otros": 0,
                     "total": 9}


def test_queries_are_a_rare_comuna_the_busiest_person_and_a_phrase(corpus):
    writer, target = corpus
    queries = benchmark.first_queries(writer)
    text = benchmark.plain(" ".join(p.read_text(encoding="utf-8") for p in (target / "actas").glob("*.md")))
    named = {benchmark.plain(c): text.count(f"comuna de {benchmark.plain(c)}.") for c in COMUNAS}
    assert sum(named.values()) == 5 and named[queries["rara"]] == min(n for n in named.values() if n)
    busiest = max(writer.attendance.values())
    assert [p for p in writer.people if benchmark.plain(p["nombre"]) == queries["nombre"]
            and writer.attendance[p["id"]] == busiest]
    assert queries["frase"] == "consulta publica" and all(q == benchmark.plain(q) for q in queries.values())


@pytest.mark.parametrize("reader", ["check_archive", "load_archive"])
def test_validator_rate_is_measured_in_fresh_processes(corpus, reader):
    assert benchmark.validator_rate(corpus[1], 1, reader) > 0


def result(n: int, seconds: float, memory: dict[str, int], queries: dict[str, int], rate: float) -> dict:
    """A result as scripts/benchmark.py writes it: memory in MB, query bytes in KB."""
    texts = {"rara": "pichidegua", "nombre": "ana soto perez", "frase": "consulta publica"}
    parts = dict.fromkeys(search_bytes.CATEGORIES, 0)
    return {"n": n, "repeticiones": 1, "piso_mkdocs_s": 8.0, "piso_pagefind_s": 2.0, "piso_s": 10.0 * n / 1000,
            "completa_s": seconds, "piso_memoria_kb": {"python": 100 * 1024, "pagefind": 90 * 1024},
            "completa_memoria_kb": {k: v * 1024 for k, v in memory.items()}, "piso_paginas": n + 1,
            "completa_paginas": n + 300, "piso_bytes": 2**20, "completa_bytes": 50 * 2**20, "piso_indice": 10_000,
            "completa_indice": 9_000,
            "consultas": {k: {"texto": texts[k], "resultados": 5, "bytes": {**parts, "indice": v * 1024,
                                                                            "total": v * 1024}}
                          for k, v in queries.items()},
            "validador_actas_s": rate}


RUNS = {
    "cumple": ([result(1000, 12.0, {"python": 200, "pagefind": 150, "git": 5}, {}, 1500.0),
                result(5000, 60.0, {"python": 600, "pagefind": 900}, {"rara": 200, "nombre": 350, "frase": 700}, 1e3)],
               {"n": 1000, "segundos": 2.5}),
    "no cumple": ([result(1000, 19.0, {"python": 200, "pagefind": 700}, {}, 260.0),
                   result(5000, 110.0, {"python": 600, "pagefind": 3000}, {"rara": 300, "nombre": 450, "frase": 900},
                          260.0)],
                  {"n": 1000, "segundos": 22.4}),
}
TARGETS = [
    ("- Completa / piso a 1.000: **1,20** (meta ≤ 1,5): cumple.",
     "- Completa / piso a 1.000: **1,90** (meta ≤ 1,5): no cumple."),
    ("- T(5.000) / T(1.000) de la construcción completa: **5,00** (meta ≤ 5,5): cumple.",
     "- T(5.000) / T(1.000) de la construcción completa: **5,79** (meta ≤ 5,5): no cumple."),
    ("- Memoria máxima de un proceso a 1.000: **200 MB (mkdocs)** (meta ≤ 250 MB): cumple.",
     "- Memoria máxima de un proceso a 1.000: **700 MB (Pagefind)** (meta ≤ 250 MB): no cumple."),
    ("- Memoria máxima de un proceso a 5.000: **900 MB (Pagefind)** (meta ≤ 1.024 MB): cumple.",
     "- Memoria máxima de un proceso a 5.000: **3.000 MB (Pagefind)** (meta ≤ 1.024 MB): no cumple."),
    ("- Primera consulta a 5.000, una palabra rara, «pichidegua»: **200 KB** (meta ≤ 250 KB): cumple.",
     "- Primera consulta a 5.000, una palabra rara, «pichidegua»: **300 KB** (meta ≤ 250 KB): no cumple."),
    ("- Primera consulta a 5.000, el nombre completo de una persona, «ana soto perez»: **350 KB** (meta ≤ 400 KB): "
     "cumple.",
     "- Primera consulta a 5.000, el nombre completo de una persona, «ana soto perez»: **450 KB** (meta ≤ 400 KB): "
     "no cumple."),
    ("- Primera consulta a 5.000, una frase común, «consulta publica»: **700 KB** (meta ≤ 800 KB): cumple.",
     "- Primera consulta a 5.000, una frase común, «consulta publica»: **900 KB** (meta ≤ 800 KB): no cumple."),
    ("- `mkdocs serve --dirty` a 1.000, hasta que la edición se ve en el acta y en la cronología "
     "(mediana de ediciones seguidas): **2,5 s** "
     "(meta ≤ 3 s): cumple.",
     "- `mkdocs serve --dirty` a 1.000, hasta que la edición se ve en el acta y en la cronología "
     "(mediana de ediciones seguidas): **22,4 s** "
     "(meta ≤ 3 s): no cumple."),
    ("- Validador (`scripts/validar_actas.py`) a 1.000, en frío: **1.500 actas/s** (meta ≥ 1.000 actas/s): cumple.",
     "- Validador (`scripts/validar_actas.py`) a 1.000, en frío: **260 actas/s** (meta ≥ 1.000 actas/s): no cumple."),
]


@pytest.mark.parametrize("verdict", list(RUNS))
@pytest.mark.parametrize("lines", TARGETS, ids=lambda lines: lines[0].split(":")[0][2:40])
def test_page_states_each_target(tmp_path, verdict, lines):
    results, serve = RUNS[verdict]
    rendimiento.write_page(results, serve, tmp_path, "2026-01-01", "## Causas y próximos pasos\n\nA mano.\n")
    page = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert lines[0 if verdict == "cumple" else 1] in page
    assert "## Causas y próximos pasos\n\nA mano.\n" in page
    assert (tmp_path / "tiempos.svg").read_text(encoding="utf-8").startswith("<svg")


def test_page_says_which_targets_a_small_run_did_not_measure(tmp_path):
    rendimiento.write_page([result(30, 1.0, {"python": 50}, {}, 300.0)], {}, tmp_path, "2026-01-01")
    page = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert page.count("): sin medir en esta corrida.") == len(TARGETS)
    assert "| 30 | 1 | 8,0 + 2,0 s | 0,3 s | 1,0 s |" in page and rendimiento.NO_ANALYSIS.strip() in page

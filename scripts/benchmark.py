#!/usr/bin/env python3
"""Mide la construcción del archivo contra el piso (Material y Pagefind) y escribe la página «Rendimiento».

Uso: python scripts/benchmark.py [--actas 100,1000,5000] [--repeticiones 3] [--repeticiones-grandes 1]
                                [--servir 1000] [--salida docs/contribuir/rendimiento]
                                [--consultas "PALABRA,NOMBRE,FRASE"]

Para cada N, en la misma corrida y alternadas: (a) el piso, las mismas N actas como páginas simples de Material
(sin hooks, sin páginas generadas, sin complemento de búsqueda y fuera de la navegación), seguido del CLI de Pagefind
sobre esas páginas de acta, y (b) la construcción completa del archivo (hooks, índices, datos abiertos, índice de
Pagefind). Mide además la memoria máxima de cada proceso, los bytes de tres primeras búsquedas en Chromium (una
palabra rara, un nombre completo y «consulta publica») y la velocidad del validador en frío. El análisis de causas y
próximos pasos se escribe a mano en .analisis.md, junto a la página, y la página lo incluye.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from archivo_actas.herramientas.benchmark import (
    ROOT,
    build,
    first_queries,
    floor_build,
    floor_project,
    serve_latency,
    site_facts,
    validator_rate,
)
from archivo_actas.herramientas.cli import SpanishParser
from archivo_actas.herramientas.corpus import CorpusWriter
from archivo_actas.herramientas.rendimiento import ANALYSIS_FILE, write_page
from archivo_actas.herramientas.search_bytes import first_query, index_bytes

DEFAULT_OUTPUT = ROOT / "docs" / "contribuir" / "rendimiento"


def peaks(runs: list[dict[str, int]]) -> dict[str, int]:
    """The peak of each process name over several builds."""
    return {name: max(run.get(name, 0) for run in runs) for name in sorted({n for run in runs for n in run})}


def searches(site: Path, queries: dict[str, str], chromium: str | None) -> dict[str, dict]:
    """Each first query on a built site: its text, served bytes by part, bytes of the search fetched before "/" and
    number of results shown."""
    found: dict[str, dict] = {}
    if chromium is None:
        return found
    for key, text in queries.items():
        measured = first_query(site, text, chromium)
        found[key] = {"texto": text, "bytes": measured["bytes"], "al_abrir": measured["al_abrir"],
                      "resultados": len(measured["resultados"])}
        print(f"  «{text}»: {measured['bytes']['total'] / 1024:.0f} KB", file=sys.stderr, flush=True)
    return found


def measure(n: int, workdir: Path, repetitions: int, chosen: list[str] | None, chromium: str | None) -> dict:
    """Every measure of one N: floor and full builds alternated, the sites, the searches, the validator."""
    full, floor = workdir / f"completo-{n}", workdir / f"piso-{n}"
    writer = CorpusWriter(n, seed=1)
    writer.write(ROOT, full)
    floor_project(full, floor)
    queries = dict(zip(("rara", "nombre", "frase"), chosen, strict=True)) if chosen else first_queries(writer)
    floor_runs, full_runs = [], []
    for _ in range(repetitions):
        floor_runs.append(floor_build(floor))
        full_runs.append(build(full))
    floor_pages, floor_size = site_facts(floor / "site")
    full_pages, full_size = site_facts(full / "site")
    return {
        "n": n, "repeticiones": repetitions,
        "piso_mkdocs_s": statistics.median(m for m, _p, _k in floor_runs),
        "piso_pagefind_s": statistics.median(p for _m, p, _k in floor_runs),
        "piso_s": statistics.median(m + p for m, p, _k in floor_runs),
        "completa_s": statistics.median(t for t, _k in full_runs),
        "piso_memoria_kb": peaks([k for _m, _p, k in floor_runs]),
        "completa_memoria_kb": peaks([k for _t, k in full_runs]),
        "piso_paginas": floor_pages, "completa_paginas": full_pages,
        "piso_bytes": floor_size, "completa_bytes": full_size,
        "piso_indice": index_bytes(floor / "site")[0], "completa_indice": index_bytes(full / "site")[0],
        "consultas": searches(full / "site", queries, chromium),
        "validador_actas_s": validator_rate(full, max(repetitions, 1)),
        "lectura_actas_s": validator_rate(full, max(repetitions, 1), "load_archive"),
    }


def analysis(output: Path) -> str | None:
    """The hand-written causes and next steps: next to the page written, else next to the project's page."""
    for folder in (output, DEFAULT_OUTPUT):
        if (folder / ANALYSIS_FILE).exists():
            return (folder / ANALYSIS_FILE).read_text(encoding="utf-8")
    return None


def main() -> int:
    parser = SpanishParser(prog="benchmark.py", description=__doc__.splitlines()[0])
    parser.add_argument("--actas", default="100,1000,5000", help="valores de N separados por comas")
    parser.add_argument("--repeticiones", type=int, default=3, help="construcciones de cada tipo por N")
    parser.add_argument("--repeticiones-grandes", type=int, default=1, help="repeticiones para N ≥ 5.000")
    parser.add_argument("--servir", type=int, default=1000, help="N para medir mkdocs serve (0: no medir)")
    parser.add_argument("--salida", type=Path, default=DEFAULT_OUTPUT, help="carpeta de la página")
    parser.add_argument("--consultas", help="las tres consultas, separadas por comas: palabra rara, nombre completo y "
                                            "frase (por omisión, las elige del archivo sintético de cada N)")
    args = parser.parse_args()
    chosen = [q.strip() for q in args.consultas.split(",")] if args.consultas else None
    if chosen and len(chosen) != 3:
        parser.error("--consultas necesita tres consultas separadas por comas")
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Sin Chromium: no se miden las búsquedas ni se usa el navegador en mkdocs serve.", file=sys.stderr)
    results, serve = [], {}
    with tempfile.TemporaryDirectory(prefix="benchmark-") as workdir:
        for n in [int(v) for v in args.actas.split(",")]:
            repetitions = args.repeticiones_grandes if n >= 5000 else args.repeticiones
            results.append(measure(n, Path(workdir), repetitions, chosen, chromium))
            print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr, flush=True)
            if n == args.servir:
                edits = serve_latency(Path(workdir) / f"completo-{n}")
                serve = {"n": n, "segundos": statistics.median(edits), "ediciones": edits}
                print(json.dumps(serve), file=sys.stderr, flush=True)
            shutil.rmtree(Path(workdir) / f"completo-{n}", ignore_errors=True)
            shutil.rmtree(Path(workdir) / f"piso-{n}", ignore_errors=True)
    write_page(results, serve, args.salida, time.strftime("%Y-%m-%d"), analysis(args.salida))
    print(f"Página escrita en {args.salida / 'index.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

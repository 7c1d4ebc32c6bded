#!/usr/bin/env python3
"""Mide la construcción del archivo contra el piso de Material y escribe la página «Rendimiento».

Uso: python scripts/benchmark.py [--actas 100,1000,5000] [--repeticiones 3] [--servir 1000]
                                [--salida docs/contribuir/rendimiento]

Para cada N, en la misma corrida y alternadas: (a) el piso, las mismas N actas como páginas simples de Material
(sin hooks ni páginas generadas, con la búsqueda propia de Material y las páginas fuera de la navegación) y
(b) la construcción completa del archivo (hooks, índices, datos abiertos, índice de Pagefind).
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
    floor_project,
    serve_latency,
    site_facts,
    validator_rate,
    write_page,
)
from archivo_actas.herramientas.cli import SpanishParser
from archivo_actas.herramientas.corpus import CorpusWriter
from archivo_actas.herramientas.search_bytes import index_bytes, query_bytes


def main() -> int:
    parser = SpanishParser(prog="benchmark.py", description=__doc__.splitlines()[0])
    parser.add_argument("--actas", default="100,1000,5000", help="valores de N separados por comas")
    parser.add_argument("--repeticiones", type=int, default=3)
    parser.add_argument("--repeticiones-grandes", type=int, default=1, help="repeticiones para N ≥ 5.000")
    parser.add_argument("--servir", type=int, default=1000, help="N para medir mkdocs serve (0: no medir)")
    parser.add_argument("--salida", type=Path, default=ROOT / "docs" / "contribuir" / "rendimiento")
    parser.add_argument("--consulta", default="consulta publica")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    results, serve = [], {}
    with tempfile.TemporaryDirectory(prefix="benchmark-") as workdir:
        for n in [int(v) for v in args.actas.split(",")]:
            full, floor = Path(workdir) / f"completo-{n}", Path(workdir) / f"piso-{n}"
            CorpusWriter(n, seed=1).write(ROOT, full)
            floor_project(full, floor)
            repetitions = args.repeticiones_grandes if n >= 5000 else args.repeticiones
            floor_runs, full_runs = [], []
            for _ in range(repetitions):
                floor_runs.append(build(floor))
                full_runs.append(build(full))
            floor_pages, _ = site_facts(floor / "site")
            full_pages, full_size = site_facts(full / "site")
            lunr = (floor / "site" / "search" / "search_index.json").stat().st_size
            pagefind_index, _ui = index_bytes(full / "site")
            per_query = query_bytes(full / "site", args.consulta, chromium)[1] if chromium else None
            results.append({
                "n": n, "repeticiones": repetitions,
                "piso_s": statistics.median(t for t, _m in floor_runs),
                "completa_s": statistics.median(t for t, _m in full_runs),
                "piso_memoria_kb": max(m for _t, m in floor_runs), "completa_memoria_kb": max(m for _t, m in full_runs),
                "piso_paginas": floor_pages, "completa_paginas": full_pages, "completa_bytes": full_size,
                "piso_indice": lunr, "completa_indice": pagefind_index,
                "piso_consulta": lunr, "completa_consulta": per_query,
                "validador_actas_s": validator_rate(full, 3),
            })
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
            if n == args.servir:
                serve = {"n": n, "segundos": serve_latency(full)}
                print(json.dumps(serve), file=sys.stderr, flush=True)
            shutil.rmtree(full, ignore_errors=True)
            shutil.rmtree(floor, ignore_errors=True)
    write_page(results, serve, args.salida, time.strftime("%Y-%m-%d"))
    print(f"Página escrita en {args.salida / 'index.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Escribe en DESTINO una copia completa del proyecto con N actas sintéticas: \
python scripts/generar_corpus.py N DESTINO [--semilla S]

Las actas son válidas, de 8 a 15 KB de texto en español, con unas N/4 personas y N/15 instituciones (con alias y
cambios de nombre) y de 3 a 6 acuerdos cada una. La misma semilla da siempre el mismo archivo. Sirve para medir
(scripts/benchmark.py); en DESTINO funcionan mkdocs build y scripts/validar_actas.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from archivo_actas.herramientas.cli import SpanishParser, find_root
from archivo_actas.herramientas.corpus import CorpusWriter


def main() -> int:
    parser = SpanishParser(prog="generar_corpus.py", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="número de actas")
    parser.add_argument("destino", type=Path, help="carpeta donde escribir el proyecto (se crea)")
    parser.add_argument("--semilla", type=int, default=1)
    args = parser.parse_args()
    if args.n < 1:
        parser.error("N debe ser al menos 1")
    source = find_root(Path(__file__).resolve().parent)
    if args.destino.resolve() == source.resolve():
        parser.error("DESTINO no puede ser el proyecto mismo")
    start = time.perf_counter()
    CorpusWriter(args.n, args.semilla).write(source, args.destino)
    elapsed = time.perf_counter() - start
    print(f"{args.n} actas sintéticas escritas en {args.destino} ({elapsed:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

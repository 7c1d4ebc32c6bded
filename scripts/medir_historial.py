#!/usr/bin/env python3
"""Mide cuánto tarda leer el historial de todas las actas (una sola pasada de git): \
python scripts/medir_historial.py [--actas 1000] [--cambios 3]

Escribe un archivo sintético de N actas en una carpeta temporal, lo pone en git con un commit por acta y luego
CAMBIOS rondas de commits que editan un tercio de las actas cada una, y mide read_history (la misma función que usa
la construcción del sitio) y la construcción de las páginas de acta con su historial.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from archivo_actas.herramientas.benchmark import ROOT, history_seconds
from archivo_actas.herramientas.cli import SpanishParser
from archivo_actas.herramientas.corpus import CorpusWriter


def main() -> int:
    parser = SpanishParser(prog="medir_historial.py", description=__doc__.splitlines()[0])
    parser.add_argument("--actas", type=int, default=1000)
    parser.add_argument("--cambios", type=int, default=3, help="rondas de commits que editan un tercio de las actas")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="historial-") as folder:
        project = Path(folder) / "archivo"
        CorpusWriter(args.actas, seed=1).write(ROOT, project)
        commits, seconds = history_seconds(project, args.cambios)
    print(f"{args.actas} actas, {commits} commits: historial leído en {seconds:.2f} s (una llamada a git log)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

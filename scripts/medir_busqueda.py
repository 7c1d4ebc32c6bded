#!/usr/bin/env python3
"""Mide la búsqueda de un sitio construido: tamaño del índice y bytes que descarga una consulta.

Uso: python scripts/medir_busqueda.py [SITIO] [--consulta "texto"] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from archivo_actas.herramientas.cli import SpanishParser
from archivo_actas.herramientas.search_bytes import index_bytes, query_bytes


def main() -> int:
    parser = SpanishParser(prog="medir_busqueda.py", description=__doc__.splitlines()[0])
    parser.add_argument("sitio", nargs="?", type=Path, default=Path("site"))
    parser.add_argument("--consulta", default="consulta publica")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    index, ui = index_bytes(args.sitio)
    on_load, per_query, results = query_bytes(args.sitio, args.consulta, args.chromium)
    print(f"Índice de búsqueda: {index / 1024:.0f} KB (más {ui / 1024:.0f} KB de interfaz)")
    print(f"Al abrir una página: {on_load / 1024:.0f} KB de la búsqueda")
    print(f"Consulta «{args.consulta}»: {per_query / 1024:.0f} KB descargados; "
          f"primeros resultados: {', '.join(results[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

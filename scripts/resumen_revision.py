#!/usr/bin/env python3
"""Resumen de una solicitud de cambio para quien la revisa (en GitHub, se escribe en $GITHUB_STEP_SUMMARY).

Ejemplo: python scripts/resumen_revision.py --base origin/main --pruebas success --vista https://…/artifacts/1
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archivo_actas.herramientas.cli import SpanishParser, find_root
from archivo_actas.herramientas.summary import review_summary


def main() -> int:
    lines = __doc__.splitlines()
    parser = SpanishParser(prog="resumen_revision.py", description=lines[0], epilog="\n".join(lines[2:]))
    parser.add_argument("--base", required=True, help="la rama o commit contra el que se compara, p. ej. origin/main")
    parser.add_argument("--pruebas", help="resultado de las pruebas: success, failure, cancelled o skipped")
    parser.add_argument("--vista", help="dirección de descarga de la vista previa del sitio")
    args = parser.parse_args()
    root = find_root(Path.cwd())
    diff = subprocess.run(["git", "diff", "--name-only", "-z", f"{args.base}...HEAD"], cwd=root,
                          capture_output=True, text=True)
    if diff.returncode != 0:
        parser.error(f"git no pudo comparar con '{args.base}': {diff.stderr.strip()}")
    sys.stdout.write(review_summary(root, [p for p in diff.stdout.split("\0") if p], args.pruebas, args.vista or None))
    return 0


if __name__ == "__main__":
    sys.exit(main())

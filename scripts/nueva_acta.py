#!/usr/bin/env python3
"""Crea actas/AAAA-MM-DD.md desde la plantilla comentada y la valida.

Ejemplo:
  python scripts/nueva_acta.py --fecha 2023-05-10 --fuente ~/acta-10-05-2023.txt --lugar "CEPAL" \\
      --inicio 15:00 --termino 17:00 \\
      --asistente "grupo=miembros,persona=alejandra-naser,institucion=cepal,cargo=representante"
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from archivo_actas.cli import find_root
from archivo_actas.scaffold import new_acta, write_acta
from archivo_actas.vocabulary import GROUPS

ATTENDEE_KEYS = {"persona", "cargo", "institucion", "en_representacion_de", "nota"}


def attendee(text: str) -> tuple[str, dict]:
    """'grupo=miembros,persona=id,institucion=id,cargo=…' → (grupo, asistente)."""
    fields = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
    group = fields.pop("grupo", "miembros")
    if group not in GROUPS:
        raise argparse.ArgumentTypeError(f"grupo '{group}' no admitido; use uno de: {', '.join(GROUPS)}")
    unknown = set(fields) - ATTENDEE_KEYS
    if unknown:
        raise argparse.ArgumentTypeError(f"claves no admitidas: {', '.join(sorted(unknown))}; use: grupo, {', '.join(sorted(ATTENDEE_KEYS))}")
    return group, {k: fields[k] for k in ("persona", "cargo", "institucion", "en_representacion_de", "nota") if k in fields}


def main() -> int:
    parser = argparse.ArgumentParser(prog="nueva_acta.py", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--fecha", required=True, type=dt.date.fromisoformat, help="fecha de la reunión, AAAA-MM-DD")
    parser.add_argument("--fuente", required=True, type=Path, help="el documento original (texto); se copia a actas/originales/")
    parser.add_argument("--titulo")
    parser.add_argument("--lugar")
    parser.add_argument("--inicio", help="HH:MM")
    parser.add_argument("--termino", help="HH:MM")
    parser.add_argument("--ocr", action="store_true", help="el original es texto de OCR de un documento escaneado")
    parser.add_argument("--asistente", action="append", type=attendee, default=[],
                        help="grupo=…,persona=…,institucion=…,cargo=… (se puede repetir)")
    parser.add_argument("--segunda", action="store_true", help="segunda (o siguiente) reunión del mismo día: agrega el sufijo -2, -3…")
    args = parser.parse_args()

    root = find_root(Path.cwd())
    slug = args.fecha.isoformat()
    target = root / "actas" / f"{slug}.md"
    if args.segunda:
        n = 2
        while (root / "actas" / f"{slug}-{n}.md").exists():
            n += 1
        target = root / "actas" / f"{slug}-{n}.md"
    groups: dict[str, list[dict]] = {}
    for group, person in args.asistente:
        groups.setdefault(group, []).append(person)

    def render(archivo, sha256):
        return new_acta(args.fecha, archivo, sha256, titulo=args.titulo, lugar=args.lugar, inicio=args.inicio,
                        termino=args.termino, asistentes=groups, tipo="ocr" if args.ocr else "texto")

    written, problems = write_acta(root, target, args.fuente, render, "Si es otra reunión del mismo día, use --segunda.")
    if written and not problems:
        print("El acta es válida. Agregue la tabla, los acuerdos y la narración, y vuelva a validar.", file=sys.stderr)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Crea actas/AAAA-MM-DD.md desde la plantilla comentada y la valida.

Ejemplo:
  python scripts/nueva_acta.py --fecha 2023-05-10 --fuente ~/acta-10-05-2023.txt --lugar "CEPAL" \\
      --inicio 15:00 --termino 17:00 \\
      --asistente "grupo=miembros,persona=alejandra-naser,institucion=cepal,cargo=representante"

Lo que no indique (lugar, horas, asistentes) queda como TODO: el validador no acepta el acta hasta
que lo complete con lo que dice el original, o con ~ si el original no lo dice.
Para rehacer un borrador ya escrito, repita el comando con --reemplazar.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archivo_actas.herramientas.cli import SpanishParser, find_root
from archivo_actas.herramientas.scaffold import (
    ATTENDEE_KEYS,
    attendee_argument,
    date_argument,
    new_acta,
    registry_gaps,
    time_argument,
    write_acta,
)
from archivo_actas.modelo.layout import REGISTRY_DIR
from archivo_actas.modelo.registry import load_registry


def parser() -> argparse.ArgumentParser:
    """The scaffolder's options; every value is checked as it is read, with a Spanish message and an example."""
    lines = __doc__.splitlines()
    parse = SpanishParser(prog="nueva_acta.py", description=lines[0], epilog="\n".join(lines[2:]))
    parse.add_argument("--fecha", required=True, type=date_argument,
                       help="fecha de la reunión, AAAA-MM-DD (p. ej. 2023-05-10)")
    parse.add_argument("--fuente", required=True, type=Path,
                       help="el documento original (texto); se copia a actas/originales/")
    parse.add_argument("--titulo", help="por omisión, «Reunión Mesa de Gobierno Abierto»")
    parse.add_argument("--lugar", help="como lo escribe el original")
    parse.add_argument("--inicio", type=time_argument, help="hora de inicio, HH:MM (p. ej. 15:00)")
    parse.add_argument("--termino", type=time_argument, help="hora de término, HH:MM (p. ej. 17:00)")
    parse.add_argument("--ocr", action="store_true", help="el original es texto de OCR de un documento escaneado")
    parse.add_argument("--asistente", action="append", type=attendee_argument, default=[],
                       help=f"grupo=…,{','.join(k + '=…' for k in ATTENDEE_KEYS)} (se puede repetir)")
    parse.add_argument("--segunda", action="store_true", help="otra reunión del mismo día: agrega el sufijo -2, -3…")
    parse.add_argument("--reemplazar", action="store_true",
                       help="rehace un borrador ya escrito para esa fecha (lo sobrescribe)")
    return parse


def target_path(root: Path, slug: str, second: bool) -> Path:
    """actas/<fecha>.md, or the first free actas/<fecha>-N.md for another meeting of the same day."""
    target = root / "actas" / f"{slug}.md"
    n = 2
    while second and target.exists():
        target, n = root / "actas" / f"{slug}-{n}.md", n + 1
    return target


def main() -> int:
    parse = parser()
    args = parse.parse_args()
    if args.inicio and args.termino and args.termino <= args.inicio:
        parse.error(f"el término ({args.termino}) debe ser posterior al inicio ({args.inicio}); "
                    "p. ej. --inicio 15:00 --termino 17:00")
    if not args.fuente.is_file():
        parse.error(f"no existe el original '{args.fuente}': indique la ruta del documento, "
                    "p. ej. --fuente ~/acta-2023-05-10.txt")
    root = find_root(Path.cwd())
    registry, _problems = load_registry(root / REGISTRY_DIR, REGISTRY_DIR)
    gaps = registry_gaps(registry, [person for _group, person in args.asistente])
    if gaps:
        print("\n\n".join(gaps), file=sys.stderr)
        print("\nNo se escribió nada. Corrija el registro o los --asistente y vuelva a ejecutar el mismo comando.",
              file=sys.stderr)
        return 1
    groups: dict[str, list[dict]] = {}
    for group, person in args.asistente:
        groups.setdefault(group, []).append(person)

    def render(archivo, sha256):
        return new_acta(args.fecha, archivo, sha256, titulo=args.titulo, lugar=args.lugar, inicio=args.inicio,
                        termino=args.termino, asistentes=groups, tipo="ocr" if args.ocr else "texto")

    target = target_path(root, args.fecha.isoformat(), args.segunda)
    hint = "Para rehacerla, agregue --reemplazar; si es otra reunión del mismo día, use --segunda."
    written, problems = write_acta(root, target, args.fuente, render, hint, replace=args.reemplazar)
    if written and not problems:
        print("El acta es válida. Agregue la tabla, los acuerdos y la narración, y vuelva a validar.", file=sys.stderr)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Convierte el texto de un acta original en un borrador de acta: \
python scripts/importar_acta.py FUENTE.txt [-o actas/AAAA-MM-DD.md]

Acepta texto UTF-8 o Latin-1, con saltos de línea LF o CRLF. Copia el original a actas/originales/.
Lo que no puede decidir lo marca TODO: el validador rechaza el borrador hasta que una persona lo complete.
"""

from __future__ import annotations

import sys
from pathlib import Path

from archivo_actas.herramientas.cli import SpanishParser, find_root
from archivo_actas.herramientas.importer import Importer, draft_text, read_source
from archivo_actas.herramientas.scaffold import write_acta
from archivo_actas.modelo.layout import REGISTRY_DIR
from archivo_actas.modelo.registry import load_registry


def main() -> int:
    parser = SpanishParser(prog="importar_acta.py", description=__doc__.splitlines()[0])
    parser.add_argument("fuente", type=Path, help="el texto del acta original")
    parser.add_argument("-o", "--salida", type=Path,
                        help="dónde escribir el borrador (por omisión, actas/AAAA-MM-DD.md)")
    args = parser.parse_args()
    root = find_root(Path.cwd())
    if not args.fuente.is_file():
        print(f"No existe {args.fuente}", file=sys.stderr)
        return 1
    registry, _problems = load_registry(root / REGISTRY_DIR, REGISTRY_DIR)
    draft = Importer(registry).run(read_source(args.fuente.read_bytes()))
    target = args.salida or root / "actas" / f"{draft.fecha.isoformat() if draft.fecha else 'borrador'}.md"
    for pid, name in sorted(draft.new_people.items()):
        print(f"Persona nueva, no está en el registro: {name} (propuesta de id: {pid})", file=sys.stderr)
    for iid, name in sorted(draft.new_institutions.items()):
        print(f"Institución nueva, no está en el registro: {name} (propuesta de id: {iid})", file=sys.stderr)
    attendees = sum(len(group) for group in draft.asistentes.values())
    proposed = sum(1 for p in draft.intervenciones if p.entry)
    print(f"Borrador: {attendees} asistentes, {len(draft.tabla)} puntos de tabla, {len(draft.acuerdos)} acuerdos. "
          f"Intervenciones propuestas: {proposed}; frases sin atribuir: {len(draft.intervenciones) - proposed} "
          "(revise unas y otras).", file=sys.stderr)
    written, _problems = write_acta(root, target, args.fuente,
                                    lambda archivo, sha256: draft_text(draft, archivo, sha256),
                                    "Indique otra salida con -o.")
    # A draft with TODOs is the expected result of an import: it succeeded if the draft was written.
    return 0 if written else 1

if __name__ == "__main__":
    sys.exit(main())

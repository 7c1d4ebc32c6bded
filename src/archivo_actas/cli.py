"""Command-line validator: every problem of the actas and the registry, one per line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .archive import load_archive


def find_root(start: Path) -> Path:
    """The project root: the nearest folder upwards that holds mkdocs.yml and actas/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "actas").is_dir():
            return folder
    return start


def validate(argv: list[str] | None = None) -> int:
    """Print 'ruta:línea: campo: mensaje' for every problem; exit 1 if there is any."""
    parser = argparse.ArgumentParser(
        prog="validar_actas.py",
        description="Valida las actas y el registro del archivo. Sin rutas, valida todo.",
    )
    parser.add_argument("rutas", nargs="*", type=Path, help="actas (.md) o archivos del registro (.yml) a validar")
    parser.add_argument("--raiz", type=Path, default=None, help="carpeta del proyecto (por defecto, la que contiene mkdocs.yml)")
    args = parser.parse_args(argv)
    root = (args.raiz or find_root(Path.cwd())).resolve()
    missing = [p for p in args.rutas if not p.exists()]
    for path in missing:
        print(f"{path}:1: archivo: no existe; revise la ruta", file=sys.stdout)
    existing = [p for p in args.rutas if p.exists()]
    archive = load_archive(root, only=existing if args.rutas else None)
    for problem in archive.problems:
        print(problem)
    total = len(archive.problems) + len(missing)
    if total:
        files = len({p.path for p in archive.problems}) + len(missing)
        print(f"{total} problema(s) en {files} archivo(s). Corrija cada línea indicada y vuelva a validar.", file=sys.stderr)
        return 1
    checked = "las actas indicadas" if args.rutas else f"{len(archive.actas)} actas y el registro ({len(archive.registry.people)} personas, {len(archive.registry.institutions)} instituciones)"
    print(f"Sin problemas: {checked}.", file=sys.stderr)
    return 0

"""Command-line validator: every problem of the actas and the registry, one per line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..modelo.archive import INTERNAL_ERROR, check_archive

# argparse builds its messages through its module-level gettext alias; these are the ones a contributor can meet.
_SPANISH = {
    "usage: ": "uso: ",
    "options": "opciones",
    "positional arguments": "argumentos",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan estos argumentos obligatorios: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "expected one argument": "falta el valor (por ejemplo: --fecha 2023-05-10)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "valor no admitido: %(value)r (admitidos: %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}


class SpanishParser(argparse.ArgumentParser):
    """An argparse parser whose usage, help and errors are in Spanish; errors end with how to get help."""

    def __init__(self, *args, **kwargs):
        argparse._ = lambda message: _SPANISH.get(message, message)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n"
                     f"Vea las opciones y un ejemplo con: python scripts/{self.prog} --help\n")


def find_root(start: Path) -> Path:
    """The project root: the nearest folder upwards that holds mkdocs.yml and actas/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "actas").is_dir():
            return folder
    return start


def validate(argv: list[str] | None = None) -> int:
    """Print 'ruta:línea: campo: mensaje' for every problem; exit 1 if there is any."""
    parser = SpanishParser(
        prog="validar_actas.py",
        description="Valida las actas y el registro del archivo. Sin rutas, valida todo.",
    )
    parser.add_argument("rutas", nargs="*", type=Path, help="actas (.md) o archivos del registro (.yml) a validar")
    parser.add_argument("--raiz", type=Path, default=None,
                        help="carpeta del proyecto (por defecto, la que contiene mkdocs.yml)")
    args = parser.parse_args(argv)
    try:
        return _validate(args)
    except Exception as error:  # the last resort: a contributor never sees a traceback
        print(f"{args.rutas[0] if args.rutas else 'actas'}:1: archivo: {INTERNAL_ERROR.format(type(error).__name__)}")
        return 2


def _validate(args) -> int:
    """The validator's work, once the arguments are read."""
    root = (args.raiz or find_root(Path.cwd())).resolve()
    missing = [p for p in args.rutas if not p.exists()]
    for path in missing:
        print(f"{path}:1: archivo: no existe; revise la ruta", file=sys.stdout)
    existing = [p for p in args.rutas if p.exists()]
    archive = check_archive(root, only=existing if args.rutas else None)
    for problem in archive.problems:
        print(problem)
    total = len(archive.problems) + len(missing)
    if total:
        files = len({p.path for p in archive.problems}) + len(missing)
        print(f"{total} problema(s) en {files} archivo(s). Corrija cada línea indicada y vuelva a validar.",
              file=sys.stderr)
        return 1
    checked = "las actas indicadas" if args.rutas else (
        f"{archive.valid} actas y el registro ({len(archive.registry.people)} personas, "
        f"{len(archive.registry.institutions)} instituciones)")
    print(f"Sin problemas: {checked}.", file=sys.stderr)
    return 0

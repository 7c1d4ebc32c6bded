"""A new acta from the commented template, and a copy of its original with its checksum."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

from markupsafe import Markup

from .render import make_environment
from .vocabulary import DATE_CERTAINTY, DEADLINE_WORDS, GROUPS, SOURCE_KINDS, STATUSES



def yaml_value(value) -> Markup:
    """A value as YAML: ~ for None, a double-quoted string otherwise (JSON strings are YAML)."""
    return Markup("~" if value is None else json.dumps(value, ensure_ascii=False))


def keep_original(source: Path, originals: Path) -> tuple[str, str]:
    """Copy the original into actas/originales/ (never over a different file); its name and SHA-256."""
    data = source.read_bytes()
    target = originals / source.name
    if target.exists() and target.read_bytes() != data:
        raise FileExistsError(f"ya existe otro archivo llamado actas/originales/{source.name}; renombre el original")
    originals.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(source, target)
    return source.name, hashlib.sha256(data).hexdigest()


def new_acta(fecha: dt.date, archivo: str, sha256: str, *, titulo: str | None = None, lugar: str | None = None,
             inicio: str | None = None, termino: str | None = None, asistentes: dict[str, list[dict]] | None = None,
             tipo: str = "texto") -> str:
    """The text of a new acta: what is known filled in, the rest TODO or ~, allowed values in comments."""
    env = make_environment()
    env.filters["yaml"] = yaml_value
    return env.get_template("nueva_acta.md.j2").render(
        fecha=fecha, titulo=titulo or "Reunión Mesa de Gobierno Abierto", lugar=lugar, inicio=inicio, termino=termino,
        asistentes=asistentes or {}, archivo=archivo, sha256=sha256, tipo=tipo,
        date_certainty=list(DATE_CERTAINTY), deadline_words=list(DEADLINE_WORDS), statuses=list(STATUSES),
        source_kinds=list(SOURCE_KINDS), groups=GROUPS,
    )


def write_acta(root: Path, target: Path, source: Path, render, exists_hint: str) -> tuple[bool, tuple]:
    """Write a new acta (never over an existing file), keeping its original; print the validator's problems.

    render(archivo, sha256) gives the acta's text. Returns whether it was written, and its problems."""
    import sys

    from .archive import ORIGINALS_DIR, display_path, load_archive

    shown = display_path(target, root)
    if target.exists():
        print(f"Ya existe {shown}: no se sobrescribe. {exists_hint}", file=sys.stderr)
        return False, ()
    if not source.is_file():
        print(f"No existe el original {source}", file=sys.stderr)
        return False, ()
    try:
        archivo, sha256 = keep_original(source, root / ORIGINALS_DIR)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return False, ()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(archivo, sha256), encoding="utf-8")
    print(f"Escrita {shown} (original: actas/originales/{archivo}).", file=sys.stderr)
    problems = load_archive(root, only=[target]).problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"Revise {len(problems)} dato(s) y vuelva a validar: python scripts/validar_actas.py {shown}", file=sys.stderr)
    return True, problems

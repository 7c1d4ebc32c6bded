"""A new acta from the commented template, and a copy of its original with its checksum."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from markupsafe import Markup

from ..modelo.layout import ORIGINALS_DIR, REGISTRY_FILES, registry_entry
from ..modelo.registry import Registry
from ..modelo.schema import PENDING
from ..modelo.vocabulary import DATE_CERTAINTY, DEADLINE_WORDS, GROUPS, SOURCE_KINDS, STATUSES
from ..sitio.environment import make_environment

ATTENDEE_KEYS = ("persona", "cargo", "institucion", "en_representacion_de", "nota")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def date_argument(text: str) -> dt.date:
    """AAAA-MM-DD; a day-first date gets the ISO spelling to copy."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"la fecha '{text}' no existe en el calendario; "
                                             "revísela, p. ej. --fecha 2023-05-10") from None
    hint = ""
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = map(int, match.groups())
        try:
            hint = f" ¿Quiso decir --fecha {dt.date(year, month, day).isoformat()}?"
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"la fecha '{text}' no está escrita como AAAA-MM-DD.{hint} "
                                     "Ejemplo: --fecha 2023-05-10")


def time_argument(text: str) -> str:
    """HH:MM on a 24-hour clock, returned as written with two-digit hours."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise argparse.ArgumentTypeError(f"la hora '{text}' no es HH:MM entre 00:00 y 23:59. Ejemplo: --inicio 15:00")
    return f"{int(match[1]):02d}:{match[2]}"


def attendee_argument(text: str) -> tuple[str, dict]:
    """'grupo=miembros,persona=id,institucion=id,cargo=…' → (grupo, asistente)."""
    example = "Ejemplo: --asistente \"grupo=miembros,persona=alejandra-naser,institucion=cepal,cargo=representante\""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or any("=" not in part for part in parts):
        raise argparse.ArgumentTypeError(f"cada dato del asistente va como clave=valor, separados por comas. {example}")
    fields = {key.strip(): value.strip() for key, value in (part.split("=", 1) for part in parts)}
    group = fields.pop("grupo", "miembros")
    if group not in GROUPS:
        raise argparse.ArgumentTypeError(f"grupo '{group}' no admitido; use uno de: {', '.join(GROUPS)}. {example}")
    unknown = sorted(set(fields) - set(ATTENDEE_KEYS))
    if unknown:
        raise argparse.ArgumentTypeError(f"claves no admitidas: {', '.join(unknown)}; "
                                         f"use: grupo, {', '.join(ATTENDEE_KEYS)}. {example}")
    if not (fields.get("persona") or fields.get("institucion")):
        raise argparse.ArgumentTypeError(f"indique al menos persona= o institucion=. {example}")
    return group, {key: fields[key] for key in ATTENDEE_KEYS if fields.get(key)}


def registry_gaps(registry: Registry, attendees: list[dict]) -> list[str]:
    """For each person or institution not in the registry, what to do: the nearest id, or the entry to paste."""
    gaps = []
    for target in ("persona", "institucion"):
        for id_ in dict.fromkeys(a[target] for a in attendees if a.get(target)):
            if registry.has(target, id_):
                continue
            noun = "La persona" if target == "persona" else "La institución"
            suggestion = registry.suggest(target, id_)
            maybe = f" ¿Quiso decir '{suggestion}'? Si es así, corrija el --asistente." if suggestion else ""
            gaps.append(f"{noun} '{id_}' no está en el registro.{maybe} Si es nueva, agregue esta entrada al final de "
                        f"{REGISTRY_FILES[target]} (complete lo marcado TODO):\n\n{registry_entry(target, id_)}")
    return gaps



def yaml_value(value) -> Markup:
    """A value as YAML: ~ for None, a double-quoted string otherwise (JSON strings are YAML)."""
    return Markup("~" if value is None else json.dumps(value, ensure_ascii=False))


def keep_original(source: Path, originals: Path, replace: bool = False) -> tuple[str, str]:
    """Copy the original into actas/originales/ (over a different file only when replacing); its name and SHA-256."""
    data = source.read_bytes()
    target = originals / source.name
    if target.exists() and target.read_bytes() != data and not replace:
        raise FileExistsError(f"ya existe otro archivo llamado actas/originales/{source.name}; renombre el original")
    originals.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != data:
        shutil.copyfile(source, target)
    return source.name, hashlib.sha256(data).hexdigest()


def new_acta(fecha: dt.date, archivo: str, sha256: str, *, titulo: str | None = None, lugar: str | None = None,
             inicio: str | None = None, termino: str | None = None, asistentes: dict[str, list[dict]] | None = None,
             tipo: str = "texto") -> str:
    """A new acta's text: what is known filled in, the rest TODO (never ~: only the original can say «no consta»)."""
    env = make_environment("archivo_actas.herramientas")
    env.filters["yaml"] = yaml_value
    return env.get_template("nueva_acta.md.j2").render(
        fecha=fecha, titulo=titulo or "Reunión Mesa de Gobierno Abierto", lugar=lugar or PENDING,
        inicio=inicio or PENDING, termino=termino or PENDING,
        asistentes=asistentes or {}, archivo=archivo, sha256=sha256, tipo=tipo,
        date_certainty=list(DATE_CERTAINTY), deadline_words=list(DEADLINE_WORDS), statuses=list(STATUSES),
        source_kinds=list(SOURCE_KINDS), groups=GROUPS,
    )


def write_acta(root: Path, target: Path, source: Path, render, exists_hint: str,
               replace: bool = False) -> tuple[bool, tuple]:
    """Write a new acta (over an existing file only when replacing), keep its original, print the validator's problems.

    render(archivo, sha256) gives the acta's text. Returns whether it was written, and its problems."""
    from ..modelo.archive import check_archive, display_path

    shown = display_path(target, root)
    if target.exists() and not replace:
        print(f"Ya existe {shown}: no se sobrescribe. {exists_hint}", file=sys.stderr)
        return False, ()
    if not source.is_file():
        print(f"No existe el original {source}", file=sys.stderr)
        return False, ()
    try:
        archivo, sha256 = keep_original(source, root / ORIGINALS_DIR, replace)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return False, ()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(archivo, sha256), encoding="utf-8")
    print(f"Escrita {shown} (original: actas/originales/{archivo}).", file=sys.stderr)
    problems = check_archive(root, only=[target]).problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"Revise {len(problems)} dato(s) y vuelva a validar: python scripts/validar_actas.py {shown}",
              file=sys.stderr)
    return True, problems

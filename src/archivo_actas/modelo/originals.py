"""An acta's original document: in actas/originales/, of an accepted type, with the SHA-256 the acta declares."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .files import open_plain
from .model import Source
from .problems import ProblemList
from .yamlnodes import Mapping

ORIGINAL_TYPES = {".txt": "texto", ".pdf": "PDF"}


def _original_problem(name: str, head: bytes) -> str | None:
    """An original is plain text (UTF-8, no NUL) or a PDF, by extension and by its first bytes."""
    kind = Path(name).suffix.lower()
    if kind not in ORIGINAL_TYPES:
        return f"tipo de original no admitido ('{kind or 'sin extensión'}'): se aceptan texto (.txt) y PDF (.pdf)"
    if kind == ".pdf" and not head.startswith(b"%PDF-"):
        return f"actas/originales/{name} no es un PDF (no empieza con '%PDF-'): súbalo tal como lo recibió"
    if kind == ".txt":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:
                return f"actas/originales/{name} no es texto en UTF-8: guárdelo con esa codificación"
        if b"\x00" in head:
            return f"actas/originales/{name} no es texto (tiene bytes nulos): si es un PDF, use la extensión .pdf"
    return None


def check_original(source: Source, originals: Path, node: Mapping, problems: ProblemList) -> None:
    """The original exists in actas/originales/ as a file of its own, is of an accepted type, and its SHA-256
    matches; it is read once."""
    path = originals / source.file
    refused, _size, data = open_plain(path)
    if refused == "no existe":
        refused = f"no existe actas/originales/{source.file}: agregue el documento original"
    elif refused:
        refused = f"actas/originales/{source.file} {refused}"
    refused = refused or _original_problem(source.file, data[:1 << 20])
    if refused:
        problems.add(node.line_of("archivo"), "fuente.archivo", refused)
        return
    found = hashlib.sha256(data).hexdigest()
    if found != source.sha256:
        problems.add(node.line_of("sha256"), "fuente.sha256",
                     f"no coincide con el archivo ({found}): ¿cambió el original?")

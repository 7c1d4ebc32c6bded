"""Reading an archive file safely: size limit, UTF-8 with its byte offset on error, BOM and CRLF accepted."""

from __future__ import annotations

import errno
from pathlib import Path

from .problems import ProblemList
from .vocabulary import MAX_FILE_BYTES

SYMLINK = "es un enlace simbólico, y en actas/ no se admiten: ponga en su lugar el archivo mismo"
_OS_ERRORS = {errno.ENOENT: "no existe", errno.EACCES: "no hay permiso para leerlo", errno.ELOOP: SYMLINK}


def not_a_plain_file(path: Path) -> str | None:
    """Why path cannot be read as an archive file (a link, a folder, missing, unreadable), in Spanish; else None."""
    if path.is_symlink():
        return SYMLINK
    try:
        if path.is_dir():
            return "es una carpeta, no un archivo: las actas y el registro son archivos de texto"
        path.stat()
    except OSError as error:
        return _OS_ERRORS.get(error.errno, "no se puede leer")
    return None if path.is_file() else "no es un archivo común: las actas y el registro son archivos de texto"


def read_text(path: Path, problems: ProblemList) -> str | None:
    """Return the file's text with LF endings, or None with the problem recorded."""
    refused = not_a_plain_file(path)
    if refused:
        problems.add(None, "archivo", refused)
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.add(None, "archivo", (f"pesa {size:,} bytes y el máximo es {MAX_FILE_BYTES:,}: un acta es texto; "
                                       "deje los anexos fuera del archivo").replace(",", "."))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(line, "archivo", f"no está en UTF-8 (byte {error.start}: 0x{data[error.start]:02x}); "
                                      "guárdelo con la codificación UTF-8")
        return None
    if not text.strip():
        problems.add(None, "archivo", "está vacío: cree el acta con scripts/nueva_acta.py (vea CONTRIBUTING.md)")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")

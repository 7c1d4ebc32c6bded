"""Reading an archive file safely: size limit, UTF-8 with its byte offset on error, BOM and CRLF accepted."""

from __future__ import annotations

import errno
import hashlib
import stat
from pathlib import Path

from .problems import ProblemList
from .vocabulary import MAX_FILE_BYTES

SYMLINK = "es un enlace simbólico, y en actas/ no se admiten: ponga en su lugar el archivo mismo"
_OS_ERRORS = {errno.ENOENT: "no existe", errno.EACCES: "no hay permiso para leerlo", errno.ELOOP: SYMLINK}


def _refusal(path: Path) -> tuple[str | None, int]:
    """Why path cannot be read as an archive file (a link, a folder, missing, unreadable), in Spanish, or None; and
    its size. One lstat: a link is never followed."""
    try:
        info = path.lstat()
    except OSError as error:
        return _OS_ERRORS.get(error.errno, "no se puede leer"), 0
    if stat.S_ISLNK(info.st_mode):
        return SYMLINK, 0
    if stat.S_ISDIR(info.st_mode):
        return "es una carpeta, no un archivo: las actas y el registro son archivos de texto", 0
    if not stat.S_ISREG(info.st_mode):
        return "no es un archivo común: las actas y el registro son archivos de texto", 0
    return None, info.st_size


def not_a_plain_file(path: Path) -> str | None:
    """Why path cannot be read as an archive file (a link, a folder, missing, unreadable), in Spanish; else None."""
    return _refusal(path)[0]


def read_text(path: Path, problems: ProblemList) -> str | None:
    """Return the file's text with LF endings, or None with the problem recorded."""
    read = _read(path, problems)
    return None if read is None else read[0]


def read_with_digest(path: Path, problems: ProblemList) -> tuple[str, str] | None:
    """The file's text with LF endings and the SHA-256 of the bytes it was read from; None with the problem
    recorded."""
    read = _read(path, problems)
    return None if read is None else (read[0], hashlib.sha256(read[1]).hexdigest())


def _read(path: Path, problems: ProblemList) -> tuple[str, bytes] | None:
    """The file's text with LF endings and the bytes it was read from; None with the problem recorded."""
    refused, size = _refusal(path)
    if refused:
        problems.add(None, "archivo", refused)
        return None
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
    return text.replace("\r\n", "\n").replace("\r", "\n"), data

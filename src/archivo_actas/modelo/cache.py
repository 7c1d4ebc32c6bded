"""Actas already read in this process, by content: under 'mkdocs serve' every save loads the archive again, and an
acta whose bytes, registry and originals are unchanged is not parsed and validated again."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Acta
from .problems import Problem
from .registry import Registry
from .vocabulary import MAX_FILE_BYTES

Loaded = tuple[Acta | None, list[Problem]]
# An acta read, with the digest of the bytes it was read from.
Read = tuple[Acta | None, list[Problem], str | None]
Kept = tuple[Acta | None, tuple[Problem, ...]]
# The archives kept, the most recently loaded last: tests load many small ones in one process.
KEPT_ARCHIVES = 4


@dataclass
class _Shelf:
    """What one archive's actas gave when last read, valid for one registry and one set of originals."""

    registry: Registry
    originals: tuple
    # Path: (SHA-256 of the file's bytes, the acta or its problems).
    read: dict[str, tuple[str, Kept]] = field(default_factory=dict)


_shelves: dict[Path, _Shelf] = {}


def originals_fingerprint(folder: Path) -> tuple:
    """Each file under the originals folder with its size, time and inode: an acta's check reads its original."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files + dirs):
            try:
                info = os.lstat(os.path.join(here, name))
            except OSError:
                info = None
            found.append((os.path.relpath(os.path.join(here, name), folder),
                          info and (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)))
    return tuple(found)


def digest(path: Path) -> str | None:
    """The SHA-256 of a plain file's bytes; None for anything read_acta refuses or reports on its own (links, folders,
    oversized or unreadable files), which is then read every time."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_cached(paths: list[Path], root: Path, registry: Registry, originals: Path,
                load_all: Callable[[list[Path]], list[Read]]) -> list[Loaded]:
    """What load_all gives for each path, in order, reading again only the files whose content changed (any registry
    or original changed: all of them); files no longer listed are forgotten. load_all gives, with each acta, the
    digest of the bytes it validated (None if it could not read them): a file is kept by what was validated."""
    fingerprint = originals_fingerprint(originals)
    shelf = _shelves.pop(root, None)
    if shelf is None or shelf.originals != fingerprint or shelf.registry != registry:
        shelf = _Shelf(registry, fingerprint)
    names = [os.path.abspath(path) for path in paths]
    # Nothing kept (a new process, or a changed registry): no file is hashed here, only by the readers.
    digests = [digest(path) for path in paths] if shelf.read else [None] * len(paths)
    results: list[Kept | None] = []
    for name, found in zip(names, digests, strict=True):
        kept = shelf.read.get(name)
        results.append(kept[1] if found is not None and kept is not None and kept[0] == found else None)
    missing = [i for i, result in enumerate(results) if result is None]
    for i, (acta, problems, found) in zip(missing, load_all([paths[i] for i in missing]), strict=True):
        results[i], digests[i] = (acta, tuple(problems)), found
    read = {name: (found, result) for name, found, result in zip(names, digests, results, strict=True)
            if found is not None}
    _shelves[root] = _Shelf(registry, fingerprint, read)
    while len(_shelves) > KEPT_ARCHIVES:
        del _shelves[next(iter(_shelves))]
    return [(acta, list(problems)) for acta, problems in results]

"""The whole archive: the registry, every acta, and the checks across files."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .acta_file import FILE_NAME, read_acta
from .acta_kinds import ACUERDO_REF
from .cache import Read, load_cached
from .collector import collector_paused
from .files import SYMLINK
from .layout import ACTAS_DIR, ORIGINALS_DIR, REGISTRY_DIR
from .model import Acta
from .problems import Problem
from .registry import Registry, load_registry


@dataclass(frozen=True)
class Archive:
    """The valid actas sorted by date, the registry, and every problem found."""

    root: Path
    registry: Registry
    actas: tuple[Acta, ...]
    problems: tuple[Problem, ...]

    def acta(self, slug: str) -> Acta | None:
        """The acta whose file is actas/<slug>.md."""
        return self._by_slug.get(slug)

    @cached_property
    def _by_slug(self) -> dict[str, Acta]:
        return {acta.slug: acta for acta in self.actas}


def display_path(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the project root when inside it."""
    # A link is never resolved: its target (maybe outside the project) is not named in any message.
    if os.path.normcase(os.path.dirname(path)) == os.path.normcase(os.path.join(root, ACTAS_DIR)):
        return f"{ACTAS_DIR}/{path.name}"
    for candidate in (Path(os.path.abspath(path)), None if path.is_symlink() else path.resolve()):
        if candidate is not None and candidate.is_relative_to(root):
            return candidate.relative_to(root).as_posix()
    return path.as_posix()


def acta_paths(root: Path) -> list[Path]:
    """Every acta file: actas/*.md, sorted."""
    return sorted((root / ACTAS_DIR).glob("*.md"))


def _is_folder(entry: os.DirEntry) -> bool:
    """Whether the entry is a folder, or a link to one (as os.walk lists it)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _walk(top: str) -> Iterator[tuple[str, list[str], list[str], set[str]]]:
    """os.walk's order without hidden entries: each folder, its subfolders and its entries sorted, and which entries
    are links (as the listing says: no lstat per file); a link to a folder is listed, never entered."""
    try:
        with os.scandir(top) as listing:
            entries = [entry for entry in listing if not entry.name.startswith(".")]
    except OSError:
        return
    dirs = sorted(entry.name for entry in entries if _is_folder(entry))
    links = {entry.name for entry in entries if entry.is_symlink()}
    yield top, dirs, sorted(entry.name for entry in entries), links
    for name in dirs:
        if name not in links:
            yield from _walk(os.path.join(top, name))


def stray_files(root: Path) -> list[Problem]:
    """Under actas/: links anywhere (never followed), and files that would never be published (not .md, or .md in a
    subfolder); silence would lose them."""
    problems = []
    actas = root / ACTAS_DIR
    kept = (root / REGISTRY_DIR, root / ORIGINALS_DIR)
    for folder, dirs, names, links in _walk(str(actas)):
        here = Path(folder)
        in_kept = any(here == k or k in here.parents for k in kept)
        subfolders, shown = set(dirs), here.relative_to(root).as_posix() + "/"
        for name in names:
            if name in links:
                # An acta that is a link is refused when it is read.
                if not (here == actas and name.endswith(".md")):
                    problems.append(Problem(shown + name, 1, "archivo", SYMLINK))
            elif name in subfolders or in_kept:
                continue
            elif here == actas and not name.endswith(".md"):
                problems.append(Problem(shown + name, 1, "archivo", "no se publicará: las actas son archivos .md "
                                        f"(renómbrelo a actas/{Path(name).stem}.md, o si es un documento original, "
                                        "muévalo a actas/originales/)"))
            elif here != actas and name.lower().endswith(".md"):
                problems.append(Problem(shown + name, 1, "archivo", "las actas van directamente en actas/, no en "
                                        f"subcarpetas: muévalo a actas/{name}"))
    return problems


@dataclass(frozen=True)
class Facts:
    """What the checks across actas need of one valid acta: its file, date and lines, how many acuerdos it has and
    which earlier acuerdos they follow, and its original."""

    slug: str
    path: str
    date: dt.date
    lines: dict
    acuerdos: int
    follows: tuple[tuple[int, str], ...]
    original: str

    @classmethod
    def of(cls, acta: Acta) -> Facts:
        """The facts of an acta."""
        return cls(acta.slug, acta.path, acta.date, acta.lines, len(acta.acuerdos),
                   tuple((a.number, a.follows) for a in acta.acuerdos if a.follows), acta.source.file)


def cross_check(actas: list[Facts]) -> list[Problem]:
    """Across actas: suffixed files have a first meeting, one acta per date and suffix, seguimiento points back."""
    problems: list[Problem] = []
    slugs = {a.slug for a in actas}
    for date, group in itertools.groupby(sorted(actas, key=lambda a: (a.date, a.slug)), key=lambda a: a.date):
        suffixed = [a for a in group if FILE_NAME.match(a.slug)[2]]
        if suffixed and date.isoformat() not in slugs:
            for acta in suffixed:
                problems.append(Problem(acta.path, acta.lines.get("fecha", 1), "fecha",
                                        f"lleva sufijo pero no existe actas/{date.isoformat()}.md: "
                                        "la primera reunión del día va sin sufijo"))
    by_slug = {a.slug: a for a in actas}
    for acta in actas:
        for number, follows in acta.follows:
            match = ACUERDO_REF.match(follows)
            slug, target = match[1], int(match[2])
            field = f"acuerdos[{number}].seguimiento"
            line = acta.lines.get(field, 1)
            if slug not in by_slug:
                problems.append(Problem(acta.path, line, field, f"no existe el acta actas/{slug}.md"))
            elif not 1 <= target <= by_slug[slug].acuerdos:
                problems.append(Problem(acta.path, line, field, f"el acta {slug} no tiene acuerdo N° {target} "
                                        f"(tiene {by_slug[slug].acuerdos})"))
            elif (by_slug[slug].date, slug) >= (acta.date, acta.slug):
                problems.append(Problem(acta.path, line, field,
                                        "solo se puede dar seguimiento a un acuerdo de un acta anterior"))
    sources: dict[str, str] = {}
    for acta in sorted(actas, key=lambda a: a.slug):
        other = sources.setdefault(acta.original, acta.path)
        if other != acta.path:
            problems.append(Problem(acta.path, acta.lines.get("fuente.archivo", 1), "fuente.archivo",
                                    f"el original {acta.original} ya es la fuente de {other}"))
    return problems


PARALLEL_FROM = 200
_worker: dict = {}


def _init_worker(root: Path, registry: Registry, keep=None) -> None:
    _worker.update(root=root, registry=registry, keep=keep)


INTERNAL_ERROR = ("error interno del validador ({}): no es un error suyo; avise a quienes mantienen el archivo "
                  "(abra un issue con este archivo adjunto) y, mientras tanto, revise lo último que cambió en él")


def _load_one(path: Path) -> Read:
    """The acta (or what the worker keeps of it), its problems, and the digest of the bytes that were validated."""
    root = _worker["root"]
    display = display_path(path, root)
    keep = _worker["keep"]
    try:
        # What keep sends back is not the whole acta: what only the site uses is not made.
        acta, problems, sha = read_acta(path, display, _worker["registry"], root / ORIGINALS_DIR, keep is None)
    except Exception as error:  # the last resort: no input may end in a traceback
        return None, [Problem(display, 1, "archivo", INTERNAL_ERROR.format(type(error).__name__))], None
    return (acta if keep is None or acta is None else keep(acta)), problems, sha


def _load_all(paths: list[Path], root: Path, registry: Registry, keep=None):
    """Each acta is read on its own: a large archive is read by one process per core, in file order. keep, when
    given, is what a process sends back of each valid acta."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        _init_worker(root, registry, keep)
        return [_load_one(path) for path in paths]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(root, registry, keep)) as pool:
        return list(pool.map(_load_one, paths, chunksize=max(1, len(paths) // (workers * 16))))


def _read_registry(root: Path) -> tuple[Registry, list[Problem]]:
    """The registry and its problems; an unexpected failure is reported, not raised."""
    try:
        registry, problems = load_registry(root / REGISTRY_DIR, REGISTRY_DIR)
    except Exception as error:  # the last resort, as for each acta
        registry = Registry({}, {}, {("persona", "*"): REGISTRY_DIR, ("institucion", "*"): REGISTRY_DIR})
        problems = [Problem(REGISTRY_DIR, 1, "archivo", INTERNAL_ERROR.format(type(error).__name__))]
    return registry, list(problems)


def _paths(root: Path, only: list[Path] | None) -> list[Path]:
    """Every acta, and the files asked for that are not one of them."""
    paths = acta_paths(root)
    if only:
        known = {p.resolve() for p in paths}
        paths += [p for p in only if p.suffix == ".md" and p.resolve() not in known]
    return paths


def _finish(root: Path, only: list[Path] | None, problems: list[Problem], loaded,
            valid: list[Facts]) -> list[Problem]:
    """Each file's problems, then the checks across actas and the stray files; with only, those files' alone."""
    for _acta, found in loaded:
        problems.extend(found)
    problems.extend(cross_check(valid))
    problems.extend(stray_files(root))
    if only is not None:
        wanted = {display_path(p, root) for p in only}
        problems = [p for p in problems if p.path in wanted]
    return problems


def load_archive(root: Path, only: list[Path] | None = None) -> Archive:
    """Load and check everything under root; with only, report just the problems of those files. An acta read before
    in this process, with the same bytes, registry and originals, is not read again (cache.py)."""
    root = root.resolve()
    registry, problems = _read_registry(root)
    paths = _paths(root, only)
    with collector_paused():
        loaded = load_cached(paths, root, registry, root / ORIGINALS_DIR,
                             lambda missing: _load_all(missing, root, registry))
    actas = [acta for acta, _found in loaded if acta is not None]
    problems = _finish(root, only, problems, loaded, [Facts.of(acta) for acta in actas])
    actas.sort(key=lambda a: (a.date, a.slug))
    return Archive(root, registry, tuple(actas), tuple(problems))


@dataclass(frozen=True)
class Checked:
    """What the validator reports: the registry, how many actas are valid, and every problem."""

    registry: Registry
    valid: int
    problems: tuple[Problem, ...]


def check_archive(root: Path, only: list[Path] | None = None) -> Checked:
    """The same problems as load_archive, without keeping the actas: each process sends back only the facts that the
    checks across actas need (sending whole actas took a quarter of the validator's time)."""
    root = root.resolve()
    registry, problems = _read_registry(root)
    paths = _paths(root, only)
    with collector_paused():
        loaded = [(facts, found) for facts, found, _sha in _load_all(paths, root, registry, Facts.of)]
    valid = [facts for facts, _found in loaded if facts is not None]
    return Checked(registry, len(valid), tuple(_finish(root, only, problems, loaded, valid)))

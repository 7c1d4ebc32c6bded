"""The whole archive: the registry, every acta, and the checks across files."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .acta_file import FILE_NAME, load_acta
from .acta_kinds import ACUERDO_REF
from .cache import Read, digest, load_cached
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
    if path.parent == root / ACTAS_DIR and not path.is_symlink():
        return f"{ACTAS_DIR}/{path.name}"
    for candidate in (Path(os.path.abspath(path)), None if path.is_symlink() else path.resolve()):
        if candidate is not None and candidate.is_relative_to(root):
            return candidate.relative_to(root).as_posix()
    return path.as_posix()


def acta_paths(root: Path) -> list[Path]:
    """Every acta file: actas/*.md, sorted."""
    return sorted((root / ACTAS_DIR).glob("*.md"))


def stray_files(root: Path) -> list[Problem]:
    """Under actas/: links anywhere (never followed), and files that would never be published (not .md, or .md in a
    subfolder); silence would lose them."""
    problems = []
    actas = root / ACTAS_DIR
    kept = (root / REGISTRY_DIR, root / ORIGINALS_DIR)
    for folder, dirs, files in os.walk(actas):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        in_kept = any(here == k or k in here.parents for k in kept)
        subfolders, shown = set(dirs), here.relative_to(root).as_posix() + "/"
        for name in sorted(dirs + [f for f in files if not f.startswith(".")]):
            if os.path.islink(os.path.join(folder, name)):
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


def cross_check(actas: list[Acta]) -> list[Problem]:
    """Across actas: suffixed files have a first meeting, one acta per date and suffix, seguimiento points back."""
    problems: list[Problem] = []
    slugs = {a.slug for a in actas}
    for date, group in itertools.groupby(sorted(actas, key=lambda a: (a.date, a.slug)), key=lambda a: a.date):
        group = list(group)
        suffixed = [a for a in group if FILE_NAME.match(a.slug)[2]]
        if suffixed and date.isoformat() not in slugs:
            for acta in suffixed:
                problems.append(Problem(acta.path, acta.lines.get("fecha", 1), "fecha",
                                        f"lleva sufijo pero no existe actas/{date.isoformat()}.md: "
                                        "la primera reunión del día va sin sufijo"))
    acuerdos = {(a.slug, n.number): a for a in actas for n in a.acuerdos}
    by_slug = {a.slug: a for a in actas}
    for acta in actas:
        for acuerdo in acta.acuerdos:
            if not acuerdo.follows:
                continue
            match = ACUERDO_REF.match(acuerdo.follows)
            target = (match[1], int(match[2]))
            field = f"acuerdos[{acuerdo.number}].seguimiento"
            line = acta.lines.get(field, 1)
            if target[0] not in by_slug:
                problems.append(Problem(acta.path, line, field, f"no existe el acta actas/{target[0]}.md"))
            elif target not in acuerdos:
                problems.append(Problem(acta.path, line, field, f"el acta {target[0]} no tiene acuerdo N° {target[1]} "
                                        f"(tiene {len(by_slug[target[0]].acuerdos)})"))
            elif (by_slug[target[0]].date, target[0]) >= (acta.date, acta.slug):
                problems.append(Problem(acta.path, line, field,
                                        "solo se puede dar seguimiento a un acuerdo de un acta anterior"))
    sources: dict[str, str] = {}
    for acta in sorted(actas, key=lambda a: a.slug):
        other = sources.setdefault(acta.source.file, acta.path)
        if other != acta.path:
            problems.append(Problem(acta.path, acta.lines.get("fuente.archivo", 1), "fuente.archivo",
                                    f"el original {acta.source.file} ya es la fuente de {other}"))
    return problems


PARALLEL_FROM = 200
_worker: dict = {}


def _init_worker(root: Path, registry: Registry) -> None:
    _worker.update(root=root, registry=registry)


INTERNAL_ERROR = ("error interno del validador ({}): no es un error suyo; avise a quienes mantienen el archivo "
                  "(abra un issue con este archivo adjunto) y, mientras tanto, revise lo último que cambió en él")


def _load_one(path: Path) -> Read:
    """The acta, its problems, and the digest of its bytes when they did not change while it was read."""
    root = _worker["root"]
    display = display_path(path, root)
    before = digest(path)
    try:
        acta, problems = load_acta(path, display, _worker["registry"], root / ORIGINALS_DIR)
    except Exception as error:  # the last resort: no input may end in a traceback
        acta, problems = None, [Problem(display, 1, "archivo", INTERNAL_ERROR.format(type(error).__name__))]
    return acta, problems, before if before is not None and digest(path) == before else None


def _load_all(paths: list[Path], root: Path, registry: Registry):
    """Each acta is read on its own: a large archive is read by one process per core, in file order."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        _init_worker(root, registry)
        return [_load_one(path) for path in paths]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(root, registry)) as pool:
        return list(pool.map(_load_one, paths, chunksize=max(1, len(paths) // (workers * 4))))


def load_archive(root: Path, only: list[Path] | None = None) -> Archive:
    """Load and check everything under root; with only, report just the problems of those files. An acta read before
    in this process, with the same bytes, registry and originals, is not read again (cache.py)."""
    root = root.resolve()
    try:
        registry, problems = load_registry(root / REGISTRY_DIR, REGISTRY_DIR)
    except Exception as error:  # the last resort, as for each acta
        registry = Registry({}, {}, {("persona", "*"): REGISTRY_DIR, ("institucion", "*"): REGISTRY_DIR})
        problems = [Problem(REGISTRY_DIR, 1, "archivo", INTERNAL_ERROR.format(type(error).__name__))]
    actas: list[Acta] = []
    paths = acta_paths(root)
    if only:
        known = {p.resolve() for p in paths}
        paths += [p for p in only if p.suffix == ".md" and p.resolve() not in known]
    with collector_paused():
        loaded = load_cached(paths, root, registry, root / ORIGINALS_DIR,
                             lambda missing: _load_all(missing, root, registry))
    for acta, found in loaded:
        problems.extend(found)
        if acta is not None:
            actas.append(acta)
    problems.extend(cross_check(actas))
    problems.extend(stray_files(root))
    if only is not None:
        wanted = {display_path(p, root) for p in only}
        problems = [p for p in problems if p.path in wanted]
    actas.sort(key=lambda a: (a.date, a.slug))
    return Archive(root, registry, tuple(actas), tuple(problems))

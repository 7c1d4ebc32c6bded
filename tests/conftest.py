"""Shared helpers: the real project root and throwaway projects built around fixture actas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = (FIXTURES / "buena.md").read_text(encoding="utf-8")


def make_project(base: Path, actas: dict[str, str | bytes] | None = None, with_site: bool = False) -> Path:
    """A project in base with the real registry and originals and the given actas (name: content)."""
    (base / "actas").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "actas" / "registro", base / "actas" / "registro")
    shutil.copytree(ROOT / "actas" / "originales", base / "actas" / "originales")
    if with_site:
        for name in ("mkdocs.yml",):
            shutil.copy(ROOT / name, base / name)
        for folder in ("docs", "hooks"):
            shutil.copytree(ROOT / folder, base / folder)
        (base / "src").symlink_to(ROOT / "src", target_is_directory=True)
    else:
        (base / "mkdocs.yml").write_text("site_name: prueba\n", encoding="utf-8")
    for name, content in (actas or {}).items():
        target = base / "actas" / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return base


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command as a contributor would, with the build's environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def validator(cwd: Path, *paths: str) -> subprocess.CompletedProcess:
    """Run scripts/validar_actas.py in cwd."""
    return run([sys.executable, str(ROOT / "scripts" / "validar_actas.py"), *paths], cwd)


def mkdocs(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run mkdocs from the environment running the tests."""
    return run([sys.executable, "-m", "mkdocs", *args], cwd)


@pytest.fixture
def project(tmp_path):
    """A factory of throwaway projects under tmp_path."""
    counter = iter(range(1000))

    def factory(actas=None, with_site=False):
        return make_project(tmp_path / f"p{next(counter)}", actas, with_site)

    return factory

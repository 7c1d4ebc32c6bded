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


def another_meeting(date: str, extra: str = "") -> str:
    """GOOD moved to another date, with another original (an original belongs to one acta only)."""
    return (GOOD.replace("fecha: 2019-01-23", f"fecha: {date}")
            .replace("000_c3cf505589993715.txt", "001_c108a99b7d0c6653.txt")
            .replace("013c48c96f9845aa6ed56e7c8da7b47f258108ee1222c58bbd1a5de3bc0ace1b",
                     "d801280301ca1176d1b6e84f07d101cd061cbcd6cf68d85473f4cc4a23284e61")
            .replace("    plazo: a la brevedad", f"    plazo: a la brevedad{extra}", 1))


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


def run(args: list[str], cwd: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Run a command as a contributor would, with the build's environment (plus extra_env)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", **extra_env}
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

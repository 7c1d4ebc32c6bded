"""The code's shape: Ruff is clean, no module is over 400 lines and no function over 80."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

CODE = [ROOT / "src", ROOT / "hooks", ROOT / "scripts", ROOT / "tests"]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def python_files() -> list[Path]:
    skip = ("archivo_fijo", "entradas", "golden", "fixtures")
    return sorted(p for folder in CODE for p in folder.rglob("*.py") if not set(skip) & set(p.parts))


def test_ruff_is_clean():
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        ruff = shutil.which("ruff")
        assert ruff, "falta ruff: instálelo con el entorno del proyecto (bash scripts/probar.sh)"
    command = [str(ruff), "check", "--no-cache", *map(str, CODE)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_short(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} líneas"


def test_no_function_is_long():
    long = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} ({size} líneas)")
    assert long == []

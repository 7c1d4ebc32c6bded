"""Reading each acta's change history from git, in one pass for the whole archive, and the repository's address.

Without git, outside a repository or in a shallow clone the history is unavailable, and the pages say so plainly.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from ..modelo.history import DEFAULT_BRANCH, FIELD, RECORD, History, Repository, parse_log
from ..modelo.layout import ACTAS_DIR

_FORMAT = f"--format={RECORD}%H{FIELD}%cI{FIELD}%s"
_GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$")


def _git(root: Path, *args: str) -> str | None:
    """git's output in root, or None when git is missing or fails there."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path) -> History:
    """Every acta's changes in one 'git log' over actas/; unavailable without git or in a shallow clone."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if inside is None or not inside.startswith("true"):
        return History(unavailable="el archivo no se construyó desde un repositorio git")
    if inside.split()[-1] == "true":
        return History(unavailable="el archivo se construyó desde una copia sin historial completo (clon superficial)")
    # A folder as pathspec: a glob ('actas/*.md') makes git match every path of every commit, 20 times slower.
    log = _git(root, "log", _FORMAT, "--name-only", "--no-renames", "--", ACTAS_DIR)
    if log is None:
        return History(unavailable="git no pudo leer el historial")
    actas = re.compile(rf"^{re.escape(ACTAS_DIR)}/[^/]+\.md$")
    return History({path: changes for path, changes in parse_log(log).items() if actas.match(path)})


def repository(root: Path, environ=os.environ) -> Repository:
    """The repository from REPO_URL (and REPO_BRANCH), else GitHub Actions' variables, else the 'origin' remote."""
    branch = environ.get("REPO_BRANCH") or environ.get("GITHUB_BASE_REF") or environ.get("GITHUB_REF_NAME")
    if environ.get("REPO_URL"):
        url = environ["REPO_URL"]
    elif environ.get("GITHUB_REPOSITORY"):
        url = f"{environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{environ['GITHUB_REPOSITORY']}"
    else:
        match = _GITHUB.match((_git(root, "remote", "get-url", "origin") or "").strip())
        url = f"https://github.com/{match[1]}" if match else None
    return Repository(url.rstrip("/") if url else None, branch or DEFAULT_BRANCH)

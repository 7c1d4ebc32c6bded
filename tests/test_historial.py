"""Each acta's change history, read from git in one pass; unavailable (and said so) without git or history."""

from __future__ import annotations

import subprocess

import pytest

from archivo_actas.modelo.history import FIELD, RECORD, Repository, parse_log
from archivo_actas.sitio import history as history_module
from archivo_actas.sitio.history import read_history, repository
from conftest import GOOD, another_meeting, make_project, mkdocs

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
                                reason="git no está instalado")


WHEN = "2026-03-01T10:00:00-03:00"


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Prueba", "GIT_AUTHOR_EMAIL": "prueba@example.org",
                        "GIT_COMMITTER_NAME": "Prueba", "GIT_COMMITTER_EMAIL": "prueba@example.org",
                        "GIT_AUTHOR_DATE": WHEN, "GIT_COMMITTER_DATE": WHEN, "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path):
    """A project with two actas in git: the first changed twice, then the registry changed."""
    root = make_project(tmp_path / "repo", {"2019-01-23.md": GOOD}, with_site=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Acta del 23 de enero de 2019")
    (root / "actas" / "2019-01-23.md").write_text(GOOD.replace("Reunión de prueba", "Reunión corregida"), "utf-8")
    (root / "actas" / "2019-02-01.md").write_text(another_meeting("2019-02-01"), "utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Corrige el título; agrega el acta del 1 de febrero")
    (root / "actas" / "registro" / "personas.yml").write_text(
        (root / "actas" / "registro" / "personas.yml").read_text("utf-8") + "\n", "utf-8")
    git(root, "commit", "-q", "-am", "Registro")
    return root


def test_parse_log_gives_each_file_its_changes_newest_first():
    log = (f"{RECORD}b2{FIELD}2026-03-02T09:00:00-03:00{FIELD}Segundo\n\nactas/a.md\nactas/b.md\n"
           f"{RECORD}a1{FIELD}2026-03-01T09:00:00-03:00{FIELD}Primero; con | signos\n\nactas/a.md\n")
    changes = parse_log(log)
    assert [c.commit for c in changes["actas/a.md"]] == ["b2", "a1"]
    assert changes["actas/a.md"][1].message == "Primero; con | signos"
    assert [c.commit for c in changes["actas/b.md"]] == ["b2"]


def test_history_of_each_acta(repo):
    found = read_history(repo)
    assert found.unavailable is None
    assert [c.message for c in found.of("actas/2019-01-23.md")] == [
        "Corrige el título; agrega el acta del 1 de febrero", "Acta del 23 de enero de 2019"]
    assert [c.message for c in found.of("actas/2019-02-01.md")] == [
        "Corrige el título; agrega el acta del 1 de febrero"]
    assert sorted(found.changes) == ["actas/2019-01-23.md", "actas/2019-02-01.md"]


def test_the_whole_archive_is_read_in_one_git_log(repo, monkeypatch):
    calls = []
    real = subprocess.run

    def counted(args, **kwargs):
        calls.append(args[1])
        return real(args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", counted)
    read_history(repo)
    assert calls.count("log") == 1 and len(calls) == 2


def test_shallow_clone_says_history_is_unavailable(repo, tmp_path):
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / "superficial")], check=True)
    found = read_history(tmp_path / "superficial")
    assert found.changes == {} and "clon superficial" in found.unavailable


def test_without_git_history_is_unavailable(tmp_path, monkeypatch):
    root = make_project(tmp_path / "tarball", {"2019-01-23.md": GOOD})
    assert "no se construyó desde un repositorio git" in read_history(root).unavailable
    monkeypatch.setenv("PATH", str(tmp_path / "nada"))
    assert read_history(root).unavailable


@pytest.mark.parametrize("environ,remote,expected", [
    ({"REPO_URL": "https://github.com/mesa/actas/", "REPO_BRANCH": "publicado"}, None,
     Repository("https://github.com/mesa/actas", "publicado")),
    ({"GITHUB_REPOSITORY": "mesa/actas", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_BASE_REF": "main",
      "GITHUB_REF_NAME": "12/merge"}, None, Repository("https://github.com/mesa/actas", "main")),
    ({}, "git@github.com:mesa/actas.git", Repository("https://github.com/mesa/actas", "main")),
    ({}, "https://github.com/mesa/actas.git", Repository("https://github.com/mesa/actas", "main")),
    ({}, "https://gitlab.example.org/mesa/actas.git", Repository(None, "main")),
    ({}, None, Repository(None, "main")),
])
def test_repository_address(repo, environ, remote, expected):
    if remote:
        git(repo, "remote", "add", "origin", remote)
    assert repository(repo, environ) == expected


def test_repository_links():
    repo = Repository("https://github.com/mesa/actas", "main")
    assert repo.edit_url("actas/2019-01-23.md") == "https://github.com/mesa/actas/edit/main/actas/2019-01-23.md"
    assert repo.file_url("actas/2019-01-23.md") == "https://github.com/mesa/actas/blob/main/actas/2019-01-23.md"
    assert repo.commit_url("abc123") == "https://github.com/mesa/actas/commit/abc123"
    assert Repository().edit_url("actas/x.md") is None


def test_built_acta_page_shows_its_history_and_edit_link(repo):
    built = mkdocs(repo, "build", "--strict", "--site-dir", "site")
    assert built.returncode == 0, built.stderr
    page = (repo / "site" / "actas" / "2019-01-23" / "index.html").read_text("utf-8")
    assert "Historial de cambios" in page
    assert "Última modificación: <time datetime=\"2026-03-01\">1 de marzo de 2026</time>. 2 cambios" in page
    assert "Corrige el título; agrega el acta del 1 de febrero" in page and "Acta del 23 de enero de 2019" in page


def test_built_site_without_git_says_history_is_unavailable(fixed_site):
    page = (fixed_site / "actas" / "2019-01-23" / "index.html").read_text("utf-8")
    assert "Historial no disponible: el archivo no se construyó desde un repositorio git." in page

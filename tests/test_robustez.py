"""Files that are not what they seem, the unexpected, two builds at once, and mkdocs serve with an invalid archive."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

import archivo_actas.modelo.archive as archive_module
from archivo_actas.herramientas.benchmark import fetch
from archivo_actas.modelo import files
from archivo_actas.modelo.archive import INTERNAL_ERROR, load_archive
from conftest import GOOD, free_port, make_project, validator

LINK = "es un enlace simbólico, y en actas/ no se admiten: ponga en su lugar el archivo mismo"


def test_links_and_folders_under_actas_are_refused_without_naming_the_host(project, tmp_path):
    root = project({"2019-01-23.md": GOOD})
    outside = tmp_path / "fuera"
    outside.mkdir()
    (outside / "2019-02-01.md").write_text(GOOD.replace("2019-01-23", "2019-02-01"), encoding="utf-8")
    (root / "actas" / "2019-02-01.md").symlink_to(outside / "2019-02-01.md")
    (root / "actas" / "2019-03-01.md").mkdir()
    (root / "actas" / "anexos").symlink_to(outside, target_is_directory=True)
    (root / "actas" / "originales" / "copia.txt").symlink_to(outside / "2019-02-01.md")
    result = validator(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"actas/2019-02-01.md:1: archivo: {LINK}",
        "actas/2019-03-01.md:1: archivo: es una carpeta, no un archivo: las actas y el registro son archivos de texto",
        f"actas/anexos:1: archivo: {LINK}",
        f"actas/originales/copia.txt:1: archivo: {LINK}",
    ]
    assert str(tmp_path) not in result.stdout + result.stderr


def test_a_linked_original_is_neither_read_nor_published(project, tmp_path):
    root = project({"2019-01-23.md": GOOD})
    original = root / "actas" / "originales" / "000_c3cf505589993715.txt"
    (tmp_path / "secreto.txt").write_bytes(original.read_bytes())
    original.unlink()
    original.symlink_to(tmp_path / "secreto.txt")
    problems = [str(p) for p in load_archive(root).problems]
    assert f"actas/2019-01-23.md:34: fuente.archivo: actas/originales/000_c3cf505589993715.txt {LINK}" in problems


def test_an_unexpected_error_is_a_message_not_a_traceback(project, monkeypatch):
    root = project({"2019-01-23.md": GOOD})

    def broken(*args):
        raise ZeroDivisionError("x")

    monkeypatch.setattr(archive_module, "read_acta", broken)
    assert [str(p) for p in load_archive(root).problems] == [
        "actas/2019-01-23.md:1: archivo: " + INTERNAL_ERROR.format("ZeroDivisionError")]


def test_two_builds_into_the_same_site_take_turns(project):
    root = project({"2019-01-23.md": GOOD}, with_site=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [b.communicate(timeout=300) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert all("Traceback" not in err for _out, err in outputs)
    assert (root / "site" / "actas" / "2019-01-23" / "index.html").is_file()


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    """The page at url once it contains text (mkdocs serve rebuilds in the background)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} no mostró {text!r} en {seconds} s")


def test_serve_shows_the_problems_in_the_browser_and_recovers(tmp_path):
    root = make_project(tmp_path / "p", {"2019-01-23.md": GOOD.replace("fecha: 2019-01-23", "fecha: 2019-02-30")},
                        with_site=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/", "archivo-errores")
        assert ("<li><code>actas/2019-01-23.md:2: fecha: la fecha &#39;2019-02-30&#39; "
                "no existe en el calendario</code></li>") in home
        _wait_for(f"http://127.0.0.1:{port}/acuerdos/", "Hay problemas en las actas o el registro")
        acta = root / "actas" / "2019-01-23.md"
        acta.write_text(GOOD, encoding="utf-8")
        _wait_for(f"http://127.0.0.1:{port}/actas/2019-01-23/", "Reunión de prueba")
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    assert "Traceback" not in err


def test_the_validator_never_prints_a_traceback_for_a_missing_registry(project):
    root = project({"2019-01-23.md": GOOD})
    (root / "actas" / "registro" / "personas.yml").unlink()
    (root / "actas" / "registro" / "personas.yml").mkdir()
    result = validator(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == ("actas/registro/personas.yml:1: archivo: es una carpeta, no un archivo: "
                                             "las actas y el registro son archivos de texto")


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: p.mkdir(), "es una carpeta, no un archivo: las actas y el registro son archivos de texto"),
    (lambda p: os.mkfifo(p), "no es un archivo común: las actas y el registro son archivos de texto"),
    (lambda p: p.write_text("x"), "no hay permiso para leerlo"),
    (lambda p: p.write_text("x" * 20), None),
])
def test_a_file_that_cannot_be_opened_is_named_by_what_it_is(tmp_path, monkeypatch, make, expected):
    """When the system refuses to open a file (as Windows does with a folder, or without permission), what it is
    comes first: a folder, a pipe, or a file too large for the limit; otherwise, the refusal."""
    path = tmp_path / "2019-01-23.md"
    make(path)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "open", refuse)
    refused, size, data = files.open_plain(path, limit=10)
    assert (refused, data) == (expected, b"")
    assert size == (20 if expected is None else 0)

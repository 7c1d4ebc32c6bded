"""mkdocs serve as a preview: an edited acta shows on its page and on every page that mentions it; actas read before
are not read again; a preview renders the same pages as a full build, and a dirty build writes the same site."""

from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import gc
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

import archivo_actas.modelo.archive as archive_module
from archivo_actas.herramientas.benchmark import fetch
from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.sitio.pages import site_pages
from archivo_actas.sitio.preview import preview_pages
from conftest import GOOD, another_meeting, free_port, make_project

TODAY = dt.date(2024, 6, 1)
PREVIEW_NOTE = "Vista previa: sin búsqueda, datos abiertos ni comprobación de integridad"
LATER = another_meeting("2019-02-01", "\n    seguimiento: 2019-01-23#2")


def edited(text: str, token: str) -> str:
    """GOOD with its title, a cargo and an acuerdo changed: what its page, the indexes, a person's and an
    institution's pages show."""
    return (text.replace("titulo: Reunión de prueba", f"titulo: Reunión {token}")
            .replace("cargo: representante", f"cargo: representante {token}")
            .replace("texto: Enviar correo tipo a los servicios públicos.", f"texto: Enviar correo {token}."))


# Each page that mentions the edited acta, with what shows the edit there.
MENTIONS = {
    "actas/2019-01-23/": "Reunión {}",
    "cronologia/": "Reunión {}",
    "actas/": "Reunión {}",
    "acuerdos/": "Enviar correo {}.",
    "personas/alejandra-naser/": "Reunión {}",
    "instituciones/cepal/": "representante {}",
    "instituciones/comision-integridad-publica-transparencia/": "Enviar correo {}.",
}


def _wait_for(base: str, texts: dict[str, str], seconds: float = 120) -> None:
    """Until every page shows its text (mkdocs serve rebuilds in the background)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        missing = [path for path, text in texts.items() if text not in fetch(base + path)]
        if not missing:
            return
        time.sleep(0.3)
    raise AssertionError(f"sin la edición después de {seconds} s: {missing}")


@contextlib.contextmanager
def serving(root: Path, *options: str):
    """mkdocs serve on root: yields its address and, once stopped, what it logged (in a list)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *options],
                              cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        server.terminate()
        log.append(server.communicate(timeout=30)[1])


@pytest.mark.parametrize("options", [("--dirty",), ()], ids=["dirty", "completa"])
def test_an_edit_shows_on_every_page_that_mentions_the_acta(tmp_path, options):
    root = make_project(tmp_path / "p", {"2019-01-23.md": GOOD}, with_site=True)
    acta = root / "actas" / "2019-01-23.md"
    with serving(root, *options) as (base, log):
        _wait_for(base, {"cronologia/": "Reunión de prueba"})
        for token in ("Primera Edición", "Segunda Edición"):
            acta.write_text(edited(GOOD, token), encoding="utf-8")
            _wait_for(base, {path: text.format(token) for path, text in MENTIONS.items()})
        assert "Primera Edición" not in fetch(base + "cronologia/")
        assert "Primera Edición" not in fetch(base + "instituciones/cepal/")
        # Reading files while building is no change (hooks/archivo.py, _ChangesObserver): nothing else is rebuilt.
        time.sleep(1.5)
    err = log[0]
    assert err.count("Detected file changes") == 2, err
    assert err.count(PREVIEW_NOTE) == 1, err
    assert "Traceback" not in err and "Aborted" not in err and "WARNING" not in err, err


def test_a_dirty_preview_shows_problems_and_then_every_page_again(tmp_path):
    root = make_project(tmp_path / "p", {"2019-01-23.md": GOOD}, with_site=True)
    acta = root / "actas" / "2019-01-23.md"
    with serving(root, "--dirty") as (base, log):
        _wait_for(base, {"cronologia/": "Reunión de prueba"})
        acta.write_text(GOOD.replace("fecha: 2019-01-23", "fecha: 2019-02-30"), encoding="utf-8")
        _wait_for(base, {"": "archivo-errores", "cronologia/": "Hay problemas en las actas o el registro"})
        acta.write_text(edited(GOOD, "Corregida"), encoding="utf-8")
        _wait_for(base, {path: text.format("Corregida") for path, text in MENTIONS.items()})
        assert "archivo-errores" not in fetch(base)
    assert "Traceback" not in log[0]


def test_an_unchanged_acta_is_not_read_again(project, monkeypatch):
    root = project({"2019-01-23.md": GOOD, "2019-02-01.md": LATER})
    first = load_archive(root)
    again = load_archive(root)
    assert [a is b for a, b in zip(first.actas, again.actas, strict=True)] == [True, True]

    (root / "actas" / "2019-02-01.md").write_text(LATER.replace("Reunión de prueba", "Otra reunión"),
                                                   encoding="utf-8")
    changed = load_archive(root)
    assert changed.acta("2019-01-23") is first.acta("2019-01-23")
    assert changed.acta("2019-02-01") is not first.acta("2019-02-01")
    assert changed.acta("2019-02-01").title == "Otra reunión"

    # Nothing is read again while nothing changes.
    monkeypatch.setattr(archive_module, "read_acta", lambda *args: pytest.fail("se leyó un acta sin cambios"))
    assert load_archive(root).actas == changed.actas


def test_what_an_acta_depends_on_reads_it_again(project):
    root = project({"2019-01-23.md": GOOD})
    first = load_archive(root).acta("2019-01-23")
    people = root / "actas" / "registro" / "personas.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("nombre: Alejandra Naser", "nombre: Alejandra N."),
                      encoding="utf-8")
    assert load_archive(root).acta("2019-01-23") is not first
    original = root / "actas" / "originales" / "000_c3cf505589993715.txt"
    original.write_bytes(original.read_bytes() + b"\n")
    problems = [str(p) for p in load_archive(root).problems]
    assert len(problems) == 1 and problems[0].startswith("actas/2019-01-23.md:35: fuente.sha256: no coincide"), problems


def test_problems_are_the_same_and_a_removed_acta_is_gone(project):
    root = project({"2019-01-23.md": GOOD, "2019-02-30.md": GOOD.replace("fecha: 2019-01-23", "fecha: 2019-02-30")})
    first = [str(p) for p in load_archive(root).problems]
    assert first and [str(p) for p in load_archive(root).problems] == first
    (root / "actas" / "2019-02-30.md").unlink()
    archive = load_archive(root)
    assert archive.problems == () and [a.slug for a in archive.actas] == ["2019-01-23"]


def test_a_preview_renders_what_a_full_build_renders(project, monkeypatch):
    root = project({"2019-01-23.md": GOOD, "2019-02-01.md": LATER})
    acta, later = root / "actas" / "2019-01-23.md", root / "actas" / "2019-02-01.md"
    people = root / "actas" / "registro" / "personas.yml"
    pages_rendered = []
    render = jinja2.Template.render

    def counted(template, *args, **values):
        if "here" in values:
            pages_rendered.append(values["here"])
        return render(template, *args, **values)

    monkeypatch.setattr(jinja2.Template, "render", counted)

    def rendered():
        build = Build.of(load_archive(root), TODAY)
        assert build.archive.problems == ()
        pages_rendered.clear()
        preview = preview_pages(build)
        again = list(pages_rendered)
        assert preview == site_pages(build)
        return preview, again

    first, _all = rendered()
    # Nothing changed: no page is rendered again.
    assert rendered()[1] == []
    # A title is not in the tracker: the tracker is not rendered again, the acta's page is.
    acta.write_text(GOOD.replace("titulo: Reunión de prueba", "titulo: Otro título"), encoding="utf-8")
    again = rendered()[1]
    assert "acuerdos/" not in again and "actas/2019-01-23/" in again
    for edit in [
        lambda: acta.write_text(edited(GOOD, "Editada").replace("lugar: CEPAL", "lugar: Otra sala")
                                .replace("Planificación 2019.", "Planificación 2020.")
                                .replace("Se establece el foco", "Se discute el foco"), encoding="utf-8"),
        lambda: later.write_text(LATER.replace("2019-01-23#2", "2019-01-23#1"), encoding="utf-8"),
        lambda: people.write_text(people.read_text(encoding="utf-8").replace("Alejandra Naser", "Alejandra N."),
                                  encoding="utf-8"),
        lambda: later.unlink(),
    ]:
        edit()
        rendered()


def _site(root: Path, site: Path, dirty: bool) -> None:
    """Build root into site in this process, as mkdocs serve would (a preview)."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    config.plugins.on_startup(command="serve", dirty=dirty)
    mkdocs_build(config, serve_url=config.site_url, dirty=dirty)


def _differences(one: Path, other: Path) -> list[str]:
    found = []

    def walk(compared: filecmp.dircmp, here: str) -> None:
        found.extend(f"{here}{name}" for name in compared.left_only + compared.right_only + compared.diff_files)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{here}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return found


@pytest.fixture
def unfrozen():
    """A preview build in this process sets its objects aside from the garbage collector (preview.settle)."""
    yield
    gc.unfreeze()


def test_a_dirty_build_writes_the_site_a_full_build_writes(tmp_path, monkeypatch, unfrozen):
    root = make_project(tmp_path / "p", {"2019-01-23.md": GOOD, "2019-02-01.md": LATER}, with_site=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("ARCHIVO_ACTAS_SIRVIENDO", "")
    build_log = logging.getLogger("mkdocs.commands.build")
    monkeypatch.setattr(build_log, "filters", list(build_log.filters))
    dirty, full = tmp_path / "sucio", tmp_path / "completo"
    _site(root, dirty, dirty=True)
    (root / "actas" / "2019-01-23.md").write_text(edited(GOOD, "Editada"), encoding="utf-8")
    (root / "actas" / "2019-02-01.md").unlink()
    _site(root, dirty, dirty=True)
    _site(root, full, dirty=False)
    assert "Reunión Editada" in (dirty / "cronologia" / "index.html").read_text(encoding="utf-8")
    assert _differences(dirty, full) == []

"""Shared helpers: the real project, the frozen fixture archive, throwaway projects,
and the sites built once per run."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path

import pytest
from filelock import FileLock

from archivo_actas.herramientas.search_bytes import CHROMIUM_ARGS
from archivo_actas.modelo.archive import Archive, load_archive
from archivo_actas.modelo.indexes import build_indexes

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
# The five founding actas, their registry and originals, frozen: golden pages and exact counts are about these.
FIXED = TESTS / "archivo_fijo"
SEEDS = ("2016-01-27", "2018-06-13", "2018-11-07", "2019-01-23", "2022-03-28")
GOOD = (FIXTURES / "buena.md").read_text(encoding="utf-8")


def pytest_addoption(parser):
    parser.addoption("--sitio", default=None,
                     help="un sitio ya construido desde este proyecto (mkdocs build --strict), "
                     "para revisar sus invariantes sin volver a construirlo")


def another_meeting(date: str, extra: str = "") -> str:
    """GOOD moved to another date, with another original (an original belongs to one acta only)."""
    return (GOOD.replace("fecha: 2019-01-23", f"fecha: {date}")
            .replace("000_c3cf505589993715.txt", "001_c108a99b7d0c6653.txt")
            .replace("013c48c96f9845aa6ed56e7c8da7b47f258108ee1222c58bbd1a5de3bc0ace1b",
                     "d801280301ca1176d1b6e84f07d101cd061cbcd6cf68d85473f4cc4a23284e61")
            .replace("    plazo: a la brevedad", f"    plazo: a la brevedad{extra}", 1))


def make_project(base: Path, actas: dict[str, str | bytes] | None = None, with_site: bool = False) -> Path:
    """A project in base with the frozen registry and originals and the given actas (name: content)."""
    (base / "actas").mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXED / "actas" / "registro", base / "actas" / "registro")
    shutil.copytree(FIXED / "actas" / "originales", base / "actas" / "originales")
    if with_site:
        shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
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


def with_original(text: str, day: str, root: Path) -> str:
    """GOOD moved to another day, with an original of its own written into root's actas/originales/."""
    data = f"Acta original del {day}\n".encode()
    (root / "actas" / "originales" / f"{day}.txt").write_bytes(data)
    return (text.replace("fecha: 2019-01-23", f"fecha: {day}").replace("000_c3cf505589993715.txt", f"{day}.txt")
            .replace("013c48c96f9845aa6ed56e7c8da7b47f258108ee1222c58bbd1a5de3bc0ace1b",
                     hashlib.sha256(data).hexdigest()))


def fixed_actas() -> dict[str, str]:
    """The frozen actas, by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((FIXED / "actas").glob("*.md"))}


@cache
def fixed_archive() -> Archive:
    """The frozen archive, loaded on first use (never at import time)."""
    return load_archive(FIXED)


@cache
def live_archive() -> Archive:
    """The real archive as it stands in actas/, loaded on first use."""
    return load_archive(ROOT)


def archive_fixtures(load):
    """Module fixtures 'archive' and 'indexes' over the archive that load() returns:
    `archive, indexes = archive_fixtures(…)`."""

    @pytest.fixture(scope="module")
    def archive():
        return load()

    @pytest.fixture(scope="module")
    def indexes(archive):
        return build_indexes(archive)

    return archive, indexes


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


def _mkdocs_child(root: Path, args: tuple[str, ...], out: int, err: int) -> int:
    """In a forked child: mkdocs args in root, writing to out and err; its exit code."""
    os.chdir(root)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    from mkdocs.__main__ import cli

    try:
        cli.main(list(args), prog_name="mkdocs")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:  # the parent reads the traceback in stderr
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def forked_mkdocs(roots: list[Path], *args: str, at_once: int = 2) -> list[subprocess.CompletedProcess]:
    """What mkdocs(root, *args) gives for each root, each run in a fork of this process with MkDocs and the archive
    already imported, at_once at a time: a hundred builds that stop at the config do not start Python a hundred
    times."""
    import mkdocs.__main__  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    import archivo_actas.sitio.plan  # noqa: F401

    results: dict[int, subprocess.CompletedProcess] = {}
    running: dict[int, tuple[int, object, object]] = {}
    waiting = list(enumerate(roots))
    while waiting or running:
        while waiting and len(running) < at_once:
            index, root = waiting.pop(0)
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            pid = os.fork()
            if pid == 0:
                os._exit(_mkdocs_child(root, args, out.fileno(), err.fileno()))
            running[pid] = (index, out, err)
        pid, status = os.wait()
        index, out, err = running.pop(pid)
        out.seek(0)
        err.seek(0)
        results[index] = subprocess.CompletedProcess(["mkdocs", *args], os.waitstatus_to_exitcode(status),
                                                     out.read().decode("utf-8"), err.read().decode("utf-8"))
        out.close()
        err.close()
    return [results[i] for i in range(len(roots))]


def build(root: Path, target: Path) -> Path:
    """mkdocs build --strict of root into target; fails the test on any error or warning."""
    result = mkdocs(root, "build", "--strict", "--site-dir", str(target))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return target


def run_folder(tmp_path_factory) -> Path:
    """A folder shared by every worker of this pytest run (pytest-xdist gives each worker its own basetemp)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory, name: str, make) -> Path:
    """run_folder()/name, made by make(path) the first time any worker asks for it."""
    target = run_folder(tmp_path_factory) / name
    with FileLock(f"{target}.lock"):
        if not (target / ".listo").exists():
            if target.exists():
                shutil.rmtree(target)
            make(target)
            (target / ".listo").write_text("", encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def live_site(request, tmp_path_factory) -> Path:
    """The real archive built once per run with --strict (or the site given with --sitio)."""
    given = request.config.getoption("--sitio")
    if given:
        return Path(given).resolve()
    return once(tmp_path_factory, "sitio-vivo", lambda target: build(ROOT, target))


@pytest.fixture(scope="session")
def fixed_project(tmp_path_factory) -> Path:
    """A project with the real site configuration over the frozen archive."""
    return once(tmp_path_factory, "proyecto-fijo", lambda target: make_project(target, fixed_actas(), with_site=True))


@pytest.fixture(scope="session")
def fixed_site(fixed_project, tmp_path_factory) -> Path:
    """The frozen archive built once per run with --strict."""
    return once(tmp_path_factory, "sitio-fijo", lambda target: build(fixed_project, target))


@pytest.fixture
def project(tmp_path):
    """A factory of throwaway projects under tmp_path."""
    counter = iter(range(1000))

    def factory(actas=None, with_site=False):
        return make_project(tmp_path / f"p{next(counter)}", actas, with_site)

    return factory


# Browser tests: Debian's Chromium driven by Playwright, against a site served on 127.0.0.1.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def browser_marks(group: str) -> list:
    """pytestmark of a browser test module: its tests share one worker; without Chromium they fail in CI, else skip."""
    marks = [pytest.mark.xdist_group(group)]
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium no está instalado: .ci/run debe instalar el paquete 'chromium' de Debian",
                        pytrace=False)
        marks.append(pytest.mark.skip(reason="Chromium no está instalado (apt-get install chromium)"))
    return marks


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(fixed_site):
    """The frozen archive's site (with its search index, whose expected results are known) served on 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(fixed_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, width: int = 1280):
    """A page in a fresh browser context at a width (390: a phone), Spanish locale."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-CL")
    return context.new_page()


@pytest.fixture
def page(browser):
    """A page at 1280 px; the test fails if the page throws a JavaScript error."""
    page = new_page(browser)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.context.close()
    assert errors == []


def serious(page) -> list[str]:
    """axe-core violations of impact serious or critical, with where they are."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in response["violations"] if v["impact"] in ("serious", "critical")]


# A real 'mkdocs serve' in tests: a free port on 127.0.0.1 (its pages as text: herramientas.benchmark.fetch).
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]



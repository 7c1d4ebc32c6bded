"""The benchmark's measures: the floor project, timed builds with each process's peak memory, the queries of a first
search, the validator's cold rate, serve latency. The page it writes is rendimiento.py."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path

from .cli import find_root
from .corpus import CorpusWriter
from .search_bytes import CHROMIUM_ARGS

ROOT = find_root(Path(__file__).resolve().parent)

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
# Bare Material: no search plugin (the floor's search is Pagefind's CLI over the built acta pages).
FLOOR_CONFIG = """site_name: Piso de Material
theme:
  name: material
  language: es
  font: false
plugins: []
nav:
  - index.md
validation:
  nav:
    omitted_files: ignore
"""
# How often the memory of a running build is read, in seconds.
SAMPLE_EVERY = 0.05
# Times one reading of the archive in a fresh process (nothing read before, so nothing cached): check_archive is what
# scripts/validar_actas.py runs, load_archive what the build reads. Prints actas/s and problems.
VALIDATE = ("import sys, time; from pathlib import Path; from archivo_actas.modelo import archive; "
            "read = getattr(archive, sys.argv[2]); start = time.perf_counter(); found = read(Path(sys.argv[1])); "
            "seconds = time.perf_counter() - start; valid = getattr(found, 'valid', None); "
            "print((len(found.actas) if valid is None else valid) / seconds, len(found.problems))")
# The phrase of the third query: in almost every synthetic acta.
PHRASE = "consulta publica"


def floor_project(corpus: Path, target: Path) -> None:
    """The same actas as plain Markdown pages of a bare Material site."""
    (target / "docs" / "actas").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (target / "docs" / "index.md").write_text("# Piso\n", encoding="utf-8")
    for path in sorted((corpus / "actas").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^titulo: (.+)$", text, re.M)[1]
        body = text.split("\n---\n", 1)[1]
        (target / "docs" / "actas" / path.name).write_text(f"# {title}\n\n{body}", encoding="utf-8")


def _descendants(pid: int) -> list[int]:
    """pid and every process under it, from /proc/<pid>/task/*/children."""
    found = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    found += _descendants(int(child))
        except OSError:
            continue
    return found


def _memory(pid: int) -> tuple[str, int] | None:
    """(name, peak resident KB so far) of a process: the larger of VmHWM, the kernel's own peak, and VmRSS."""
    try:
        with open(f"/proc/{pid}/comm") as comm:
            name = comm.read().strip()
        with open(f"/proc/{pid}/status") as status:
            sizes = [int(line.split()[1]) for line in status if line.startswith(("VmHWM:", "VmRSS:"))]
    except (OSError, ValueError):
        return None
    return (name, max(sizes)) if sizes else None


# Each reading takes VmHWM, the kernel's peak for that process since its exec, so a peak between two readings is not
# missed; only a process that lives less than 50 ms can be. Not ru_maxrss: after an exec it keeps the peak of the
# process that forked it (here, the benchmark itself).
def sampled(command: list[str], cwd: Path) -> tuple[float, dict[str, int]]:
    """Run command; (seconds, {process name: peak KB of any one process of that name}), reading the memory of the
    command and of every process under it every 50 ms ("python" is mkdocs, "pagefind" each Pagefind it runs)."""
    own = Path(command[0]).name[:15]  # what /proc/<pid>/comm says of the command once it runs
    peaks: dict[str, int] = {}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
        while process.poll() is None:
            for pid in _descendants(process.pid):
                found = _memory(pid)
                if found:
                    name = own if pid == process.pid else found[0]
                    peaks[name] = max(peaks.get(name, 0), found[1])
            time.sleep(SAMPLE_EVERY)
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{' '.join(command[:4])} falló en {cwd}:\n{message}")
    return elapsed, peaks


def _merged(*peaks: dict[str, int]) -> dict[str, int]:
    """Peaks by name over several runs: the largest of each name."""
    merged: dict[str, int] = {}
    for found in peaks:
        for name, kb in found.items():
            merged[name] = max(merged.get(name, 0), kb)
    return merged


def build(project: Path) -> tuple[float, dict[str, int]]:
    """(seconds, {process name: peak KB}) of one full mkdocs build of project into its site/, Pagefind included."""
    shutil.rmtree(project / "site", ignore_errors=True)
    return sampled([sys.executable, "-m", "mkdocs", "build", "-q"], project)


def floor_build(project: Path) -> tuple[float, float, dict[str, int]]:
    """(mkdocs seconds, Pagefind seconds, {process name: peak KB}) of the floor: bare Material into site/, then
    Pagefind's CLI over its acta pages."""
    from pagefind.service import get_executable

    shutil.rmtree(project / "site", ignore_errors=True)
    mkdocs_s, mkdocs_peaks = sampled([sys.executable, "-m", "mkdocs", "build", "-q"], project)
    pagefind_s, pagefind_peaks = sampled([str(get_executable()), "--site", "site", "--glob", "actas/**/*.html"],
                                         project)
    return mkdocs_s, pagefind_s, _merged(mkdocs_peaks, pagefind_peaks)


def site_facts(site: Path) -> tuple[int, int]:
    """(pages, bytes) of a built site."""
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return pages, size


def validator_rate(project: Path, repetitions: int, reader: str = "check_archive") -> float:
    """Actas validated per second from cold, registry and cross checks included: the median of repetitions, each in a
    fresh process (load_archive keeps what it read in its process). reader is check_archive (the validator) or
    load_archive (the build's reading)."""
    rates = []
    for _ in range(repetitions):
        result = subprocess.run([sys.executable, "-c", VALIDATE, str(project), reader], cwd=project, env=ENV,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"la validación falló en {project}:\n{result.stderr[-2000:]}")
        rate, problems = result.stdout.strip().splitlines()[-1].split()
        if int(problems):
            raise RuntimeError(f"el archivo sintético de {project} tiene {problems} problemas")
        rates.append(float(rate))
    return statistics.median(rates)


def plain(text: str) -> str:
    """Text as readers type it in a search box: without accents, lower case."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def first_queries(writer: CorpusWriter) -> dict[str, str]:
    """The three queries of a written corpus: "rara", the comuna named in the fewest actas (at least one); "nombre",
    the full name of the person who attends the most actas; "frase", «consulta publica»; all without accents."""
    rare = min((count, comuna) for comuna, count in writer.comunas.items() if count)[1]
    busiest = max(writer.people, key=lambda p: (writer.attendance[p["id"]], p["id"]))
    return {"rara": plain(rare), "nombre": plain(busiest["nombre"]), "frase": PHRASE}


# Asked in the page, so that a large page is not copied out on every look.
SHOWS = "text => Boolean(document.body && document.body.textContent.includes(text))"


def serve_latency(project: Path, port: int = 8765, dirty: bool = True, browser: bool | None = None,
                  edits: int = 5) -> list[float]:
    """Seconds from saving an edited acta (its title) until its page and the cronología show the edit under
    'mkdocs serve --dirty' (the quick preview: only the pages whose content changed are written again), for each of
    several edits in a row, each once the last one shows. With browser (the default when Chromium is installed) both
    pages are open in Chromium and livereload reloads them; without, they are fetched over HTTP."""
    browser = shutil.which("chromium") is not None if browser is None else browser
    with _served(project, port, dirty) as base:
        actas = sorted((project / "actas").glob("*.md"))
        acta = actas[len(actas) // 2]
        urls = [f"{base}actas/{acta.stem}/", f"{base}cronologia/"]
        text = acta.read_text(encoding="utf-8")
        seconds = []
        with _in_chromium(urls) if browser else contextlib.nullcontext(_over_http(urls)) as shows:
            try:
                for edit in range(edits):
                    token = f"Edición de prueba {edit + 1} {int(time.time())}"
                    start = time.perf_counter()
                    acta.write_text(re.sub(r"^titulo: .*$", f"titulo: {token}", text, count=1, flags=re.M),
                                    encoding="utf-8")
                    while not shows(token):
                        if time.perf_counter() - start > 600:
                            raise RuntimeError("la edición no apareció en 10 minutos")
                        time.sleep(0.05)
                    seconds.append(time.perf_counter() - start)
                    # The next edit after livereload settles, as a contributor saves again after reading.
                    time.sleep(1)
            finally:
                acta.write_text(text, encoding="utf-8")
        return seconds


@contextlib.contextmanager
def _served(project: Path, port: int, dirty: bool):
    """mkdocs serve on project, once it answers: yields its address."""
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                *(["--dirty"] if dirty else [])],
                               cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 900
        while "Cronología" not in fetch(base + "cronologia/"):
            if time.time() > deadline or process.poll() is not None:
                raise RuntimeError(f"mkdocs serve no arrancó:\n{_stop(process)[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> str:
    """Stop a server started in its own session, and return what it wrote to stderr."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    return process.communicate(timeout=30)[1] or ""


def fetch(url: str) -> str:
    """The page at url, or '' while the server does not answer it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _over_http(urls: list[str]):
    """Whether every page, fetched now, contains a text."""
    return lambda text: all(text in fetch(url) for url in urls)


@contextlib.contextmanager
def _in_chromium(urls: list[str]):
    """Each page open in its own Chromium tab: yields whether every tab shows a text now (a tab that livereload is
    reloading shows nothing yet)."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            tabs = [chromium.new_page() for _ in urls]
            for tab, url in zip(tabs, urls, strict=True):
                tab.goto(url)

            def shows(text: str) -> bool:
                try:
                    return all(tab.evaluate(SHOWS, text) for tab in tabs)
                except Error:
                    return False

            yield shows
        finally:
            chromium.close()


def machine() -> str:
    """The machine and the versions measured, for the page."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "desconocido")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    from importlib.metadata import version

    return (f"{cpu}, {os.cpu_count()} núcleos, {memory} GiB de memoria; {platform.system()}; "
            f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
            f"Pagefind {version('pagefind')}")


def history_seconds(project: Path, rounds: int = 3) -> tuple[int, float]:
    """Put a synthetic archive in git (a commit per acta, then rounds editing a third of them) and time read_history:
    (commits, median seconds of three reads)."""
    from ..sitio.history import read_history

    env = {**ENV, "GIT_AUTHOR_NAME": "Medición", "GIT_AUTHOR_EMAIL": "medicion@example.org",
           "GIT_COMMITTER_NAME": "Medición", "GIT_COMMITTER_EMAIL": "medicion@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "mkdocs.yml", "actas/registro", "actas/originales")
    git("commit", "-q", "-m", "Registro y originales")
    actas = sorted((project / "actas").glob("*.md"))
    for acta in actas:
        git("add", str(acta.relative_to(project)))
        git("commit", "-q", "-m", f"Acta {acta.stem}")
    commits = 1 + len(actas)
    for round_ in range(rounds):
        for acta in actas[round_::3]:
            acta.write_text(acta.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        git("commit", "-q", "-am", f"Revisión {round_ + 1}")
        commits += 1
    times = []
    for _ in range(3):
        start = time.perf_counter()
        found = read_history(project)
        times.append(time.perf_counter() - start)
    assert found.unavailable is None and len(found.changes) == len(actas)
    return commits, statistics.median(times)

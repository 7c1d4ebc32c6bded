"""MkDocs hook, an adapter: hands MkDocs the site plan archivo_actas makes; the plan travels in the build's config."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
from watchdog.observers import Observer

from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.modelo.collector import collector_paused
from archivo_actas.modelo.dates import build_date
from archivo_actas.sitio.environment import fill_blocks
from archivo_actas.sitio.exports import ExportWorker
from archivo_actas.sitio.history import read_history, repository
from archivo_actas.sitio.integrity import lost
from archivo_actas.sitio.markdown_text import Converted, HeadingStyle
from archivo_actas.sitio.pagefind import SearchIndexer
from archivo_actas.sitio.plan import SitePlan, failed_plan, plan_site
from archivo_actas.sitio.preview import compiled_theme, settle, written
from archivo_actas.sitio.shared_fragments import share_fragments

log = logging.getLogger("mkdocs.hooks.archivo")

# The key of the plan in MkDocs' config: each build (and each rebuild under 'mkdocs serve') has its own config.
PLAN = "archivo_actas"
LOCK = "archivo_actas_cerrojo"
WRITTEN = "archivo_actas_escrito"
EXPORTS = "archivo_actas_datos"
INDEXER = "archivo_actas_busqueda"
# MkDocs imports this hook again for every rebuild under 'mkdocs serve': the command is kept in the process environment.
SERVING = "ARCHIVO_ACTAS_SIRVIENDO"


def on_startup(command, dirty):
    """Under 'mkdocs serve', a preview: an invalid archive is shown as a page in the browser instead of stopping the
    server, and what only publishing needs is left to 'mkdocs build'."""
    os.environ[SERVING] = "1" if command == "serve" else ""
    if command == "serve":
        log.info("Vista previa: sin búsqueda, datos abiertos ni comprobación de integridad; "
                 "`mkdocs build` los genera.")
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_note)


class _ChangesObserver(Observer):
    """The system's own notice of changed files (inotify on Linux), only of files written, created, moved or deleted:
    reading a file during a build is no change."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        changes = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
        return super().schedule(event_handler, path, recursive=recursive, event_filter=changes)


def on_serve(server, config, builder):
    """A save is seen when the system reports it, not at MkDocs' next look at every file (each half second, and the
    look itself grows with the archive). MkDocs 1.x (pinned) keeps its watches in _watched_paths: they move to the
    new observer before the server starts it; config.watch is added after this event."""
    watched = dict(server._watched_paths)
    for path, times in watched.items():
        for _ in range(times):
            server.unwatch(path)
    server.observer = _ChangesObserver()
    for path, times in watched.items():
        for _ in range(times):
            server.watch(path)
    return server


def _dirty_note(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave pages stale, and under strict the warning would stop every preview;
    here a page is rewritten whenever its content (or the configuration, theme or a hand-written page) changed."""
    if record.getMessage().startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname, record.args = logging.INFO, "INFO", ()
        record.msg = "Construcción parcial (--dirty): solo se reescriben las páginas cuyo contenido cambió."
    return True


def on_config(config):
    """Load and validate the archive and plan the site; any problem stops the build with the validator's messages."""
    if not config.use_directory_urls:
        raise PluginError("El archivo usa direcciones de carpeta (/actas/AAAA-MM-DD/): "
                          "deje 'use_directory_urls' activado.")
    serving = bool(os.environ.get(SERVING))
    if serving:
        settle()
    with collector_paused():
        config[PLAN] = _plan(config, serving)
    if config[PLAN].problems:
        return config
    if not serving:
        _keep_out_of_collections()
    if serving:
        # A preview is not published: no sitemap (MkDocs would list every page again on each save).
        config.theme.static_templates.discard("sitemap.xml")
    # Pagefind's results are site-absolute: under a sub-path (a project site), prefix it.
    config.extra["pagefind_base"] = (urlsplit(config.site_url or "/").path or "/").rstrip("/") + "/"
    return config


def _plan(config, serving: bool) -> SitePlan:
    """The archive read and checked, and the site planned from it; the problems instead, when there are any."""
    root = Path(config.config_file_path).parent
    archive = load_archive(root)
    if archive.problems:
        for problem in archive.problems:
            # Under serve, an error would stop the strict build: the browser shows them instead.
            (log.info if serving else log.error)(str(problem))
        if not serving:
            raise PluginError(
                f"{len(archive.problems)} problema(s) en las actas o el registro. "
                "Corrija cada línea indicada; 'python scripts/validar_actas.py' muestra la misma lista."
            )
        return failed_plan(archive.problems)
    # Not Material's repo_url: its header would ask GitHub's API for the repository's figures on every page.
    history, repo = read_history(root), repository(root)
    build = Build.of(archive, build_date(), config.site_url or "", history, repo)
    if not serving:
        # The data files, in a process of their own forked now, while this one is small and has no thread running.
        config[EXPORTS] = ExportWorker(build, Path(config.site_dir))
    return plan_site(build, preview=serving, headings=HeadingStyle.of(config.mdx_configs.get("toc", {})))


def on_pre_build(config) -> None:
    """One build at a time writes into a site folder: a second one waits for the first, and says so."""
    lock = FileLock(f"{config.site_dir.rstrip(os.sep)}.construccion.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        shown = os.path.relpath(config.site_dir, Path(config.config_file_path).parent)
        log.info(f"Otra construcción está escribiendo en {shown}/: esta espera a que termine.")
        lock.acquire(timeout=900)
    # The lock lives as long as this build's config: a build that fails lets it go with its config.
    config[LOCK] = lock


def _nav_pages(items) -> list[str]:
    """The Markdown files named in mkdocs.yml's nav, at any depth."""
    found = []
    for item in items:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += _nav_pages(value) if isinstance(value, list) else [value] if str(value).endswith(".md") else []
    return found


class _Generated(File):
    """A generated file that tells 'mkdocs serve --dirty' whether its content changed since the last build."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


def _generated(config, src_uri: str, content: str, changed: set[str]) -> File:
    file = _Generated.generated(config, src_uri, content=content)
    file.modified = src_uri in changed
    return file


class _Converted(Page):
    """A generated page written in HTML (pages.py): MkDocs reads its front matter and takes the HTML and headings as
    they are."""

    def __init__(self, file: File, config, converted: Converted) -> None:
        super().__init__(None, file, config)
        self._converted = converted

    def render(self, config, files) -> None:
        self.content = self._converted.html
        self.toc = get_toc(list(self._converted.toc))
        self.present_anchor_ids = set(_anchors(self._converted.toc))


def _anchors(tokens) -> list[str]:
    """The id of each heading of a table of contents, at any depth."""
    return [found for token in tokens for found in (token["id"], *_anchors(token["children"]))]


def on_files(files: Files, config) -> Files:
    """Add every generated page, data file and original document, in memory; a page whose content is the same as
    in the last build into this site folder says so (a dirty build leaves it as it is)."""
    plan: SitePlan = config[PLAN]
    handwritten = files.documentation_pages()
    for file in handwritten:
        # The home page carries the archive's summary, and a page's navigation names the others: always rebuilt.
        file.is_modified = lambda: True
    if plan.problems:
        written.forget(config.site_dir)
        # Every page the navigation names but the archive would generate shows the problems too.
        for src_uri in _nav_pages(config.nav or []):
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=plan.error_page))
        return files
    if plan.preview:
        theme = [config.theme.custom_dir] if config.theme.custom_dir else []
        made_with = written.fingerprint([config.config_file_path, *theme, *(f.abs_src_path for f in handwritten)])
        digests = plan.digests()
        changed, gone = written.compare(config.site_dir, made_with, digests)
        config[WRITTEN] = (made_with, digests)
    else:
        # 'mkdocs build' writes every file, and no later build of this process compares with it.
        written.forget(config.site_dir)
        changed, gone = set(plan.pages) | set(plan.files), set()
    for src_uri in gone:
        # A dirty build would leave the page of a removed acta (or person, or institution) in the preview.
        stale = Path(File.generated(config, src_uri, content="").abs_dest_path)
        stale.unlink(missing_ok=True)
        if stale.name == "index.html" and not any(stale.parent.iterdir()):
            stale.parent.rmdir()
    for src_uri, page in plan.in_writing_order():
        file = _generated(config, src_uri, page.markdown, changed)
        files.append(file)
        if page.converted is not None:
            _Converted(file, config, page.converted)
    for path, content in plan.files.items():
        files.append(_generated(config, path, content, changed))
    for path, original in plan.originals.items():
        files.append(File.generated(config, path, abs_src_path=str(original)))
    if not plan.preview:
        # The site folder is clean now: the data files may be written. The search index is made part by part as the
        # acta pages are written.
        config[EXPORTS].site_cleaned()
        config[INDEXER] = SearchIndexer(Path(config.site_dir), [a.slug for a in plan.build.archive.actas])
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The home page's own text, followed by the archive at a glance (under serve with problems: the problems)."""
    plan: SitePlan = config[PLAN]
    if plan.problems:
        return plan.error_page
    if page.file.src_uri == "index.md":
        return markdown + "\n" + plan.home.markdown
    return markdown


def on_env(env, config, files):
    """The navigation is drawn once for the pages outside it (shared_fragments.py). A preview keeps the theme's
    compiled templates from one build to the next; a build, once MkDocs has read every page, leaves those pages out
    of the garbage collector's scans too."""
    custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    share_fragments(env, next(d for d in config.theme.dirs if Path(d).resolve() != custom))
    if config[PLAN].preview:
        env.bytecode_cache = compiled_theme
    elif config[PLAN].build is not None:
        _keep_out_of_collections()
    return env


def _keep_out_of_collections() -> None:
    """What a build holds until it ends (the archive and its plan, then the pages MkDocs read) is left out of the
    garbage collector's scans: a tenth of a build at 1.000 actas, and more than linear with the archive. Not under
    serve, where each rebuild makes a new plan and the last one must be freed. Today's garbage is collected first."""
    gc.collect()
    gc.freeze()


def on_page_context(context, page, config, nav):
    """An acta's page carries its meeting as schema.org JSON-LD."""
    jsonld = config[PLAN].jsonld.get(page.file.src_uri)
    if jsonld is not None:
        page.meta["jsonld"] = jsonld
    return context


def on_post_page(output: str, page, config) -> str:
    """Put the finished HTML blocks of a generated page where Markdown left their markers, as the page is written:
    MkDocs converts every page before it writes any, and keeps each page's Markdown and HTML until the build ends;
    this way it holds the markers, and nothing once the page is written."""
    plan: SitePlan = config[PLAN]
    src_uri = page.file.src_uri
    rendered = plan.home if src_uri == "index.md" else plan.pages.get(src_uri)
    page.markdown = page.content = None
    if INDEXER in config:
        config[INDEXER].written(src_uri)
    return fill_blocks(output, rendered.blocks) if rendered else output


def on_post_build(config) -> None:
    """Check that nothing was lost, then index the built site for search (site/pagefind/); a preview does neither."""
    try:
        plan: SitePlan = config[PLAN]
        if EXPORTS in config:
            try:
                config[EXPORTS].finish()
            except RuntimeError as error:
                raise PluginError(f"{error}: el sitio no se publica sin sus datos.") from None
        if plan.build is not None and not plan.preview:
            _check_and_index(plan, Path(config.site_dir), config[INDEXER])
        if WRITTEN in config:
            written.remember(config.site_dir, *config[WRITTEN])
        if not config.site_url:
            # A sitemap lists full addresses: without SITE_URL, MkDocs would publish one with none in it.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)
    finally:
        config[LOCK].release()


def _check_and_index(plan: SitePlan, site_dir: Path, indexer: SearchIndexer) -> None:
    indexer.site_written()
    losses = lost(plan.build, site_dir)
    if losses:
        for loss in losses:
            log.error(loss)
        raise PluginError(f"La construcción perdió {len(losses)} dato(s) de las actas: el sitio no se publica así.")
    stats = indexer.finish()
    log.info(f"Búsqueda: {stats.pages} páginas indexadas en {stats.parts} parte(s) "
             f"({stats.bytes / 1024:.0f} KB en pagefind/)")

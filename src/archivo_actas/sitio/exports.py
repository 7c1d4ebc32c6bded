"""The open data files (datos/, the feed, the calendar) written by a process of their own while MkDocs writes the
pages: making them is most of a second core's worth of work that the pages' single Python thread leaves idle."""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from pathlib import Path

from ..datos.export import Exporter
from ..modelo.build import Build


def write_exports(build: Build, site_dir: Path) -> list[str]:
    """Write every data file into site_dir, each as soon as it is made (one in memory at a time); their paths,
    sorted."""
    written = []
    for path, content in Exporter(build).each_file():
        _write([(path, content)], site_dir)
        written.append(path)
    return sorted(written)


def _work(build: Build, site_dir: Path, clean, parent: int) -> None:
    try:
        made = Exporter(build).each_file()
        first = next(made)
        while not clean.wait(1):
            # A build killed before the site folder was ready leaves nothing to write for.
            if os.getppid() != parent:
                os._exit(1)
        _write([first], site_dir)
        _write(made, site_dir)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)


def _write(files, site_dir: Path) -> None:
    for path, content in files:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="")


class ExportWorker:
    """write_exports in a forked process (the build is shared, not copied). It starts as soon as the archive is read,
    while this process is still small (a forked process is counted with every page of its parent it inherits), and
    writes once site_cleaned() says MkDocs has emptied the site folder; finish() waits for it. It is a daemon: a build
    that fails ends it. Where fork is not available, the files are written by site_cleaned(), in this process."""

    def __init__(self, build: Build, site_dir: Path):
        self.build, self.site_dir = build, site_dir
        self.process = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.clean = context.Event()
            self.process = context.Process(target=_work, args=(build, site_dir, self.clean, os.getpid()),
                                           name="archivo-datos", daemon=True)
            self.process.start()

    def site_cleaned(self) -> None:
        """The site folder is empty and ready: the files may be written into it."""
        if self.process is None:
            write_exports(self.build, self.site_dir)
        else:
            self.clean.set()

    def finish(self) -> None:
        """Wait for the files; a failed worker is an error with its code (its traceback went to the build's log)."""
        if self.process is None:
            return
        self.clean.set()
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"la escritura de los datos abiertos falló (código {self.process.exitcode})")

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
    """Write every data file into site_dir; their paths, sorted."""
    files = Exporter(build).files()
    for path, content in sorted(files.items()):
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))
    return sorted(files)


def _work(build: Build, site_dir: Path) -> None:
    try:
        write_exports(build, site_dir)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)


class ExportWorker:
    """write_exports in a forked process (the build is shared, not copied), started once MkDocs has cleaned the site
    folder; finish() waits for it. It is a daemon: a build that fails ends it. Where fork is not available, the files
    are written at once, in this process."""

    def __init__(self, build: Build, site_dir: Path):
        self.build, self.site_dir = build, site_dir
        if "fork" in multiprocessing.get_all_start_methods():
            self.process = multiprocessing.get_context("fork").Process(target=_work, args=(build, site_dir),
                                                                       name="archivo-datos", daemon=True)
            self.process.start()
        else:
            self.process = None
            write_exports(build, site_dir)

    def finish(self) -> None:
        """Wait for the files; a failed worker is an error with its code (its traceback went to the build's log)."""
        if self.process is None:
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"la escritura de los datos abiertos falló (código {self.process.exitcode})")

"""A link checker for the built site: every internal href and src reaches a file, every #anchor an id."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.links.append(attrs[key])


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
        return None
    if not parts.path:
        return page, parts.fragment
    base = "" if parts.path.startswith("/") else posixpath.dirname(page.relative_to(site).as_posix())
    resolved = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    path = site / resolved
    if link.split("#")[0].split("?")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Every internal link of the site that reaches no file or no anchor, as 'page -> link'."""
    parsed: dict[Path, _Collector] = {}

    def parse(page: Path) -> _Collector:
        if page not in parsed:
            collector = _Collector()
            collector.feed(page.read_text(encoding="utf-8"))
            parsed[page] = collector
        return parsed[page]

    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in parse(page).links:
            target = _target(site, page, link)
            if target is None:
                continue
            path, anchor = target
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif anchor and path.suffix == ".html" and anchor not in parse(path).ids:
                broken.append(f"{page.relative_to(site)} -> {link} (sin ancla)")
    return broken


if __name__ == "__main__":
    import sys

    problems = broken_links(Path(sys.argv[1]))
    print("\n".join(problems) or "sin enlaces rotos")
    sys.exit(1 if problems else 0)

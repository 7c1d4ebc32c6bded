"""Fragments that Material draws on every page, drawn once per build for the pages that would get the same text.

The navigation and the tabs of a page outside the navigation (an acta, a person, an institution), where no item is
active, and the configuration block of any page, depend on the page only through its relative links: on its folder
and depth. At 1.000 actas, drawing them was a fifth of writing the site."""

from __future__ import annotations

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup

# Templates of the theme itself, under this prefix, for a partial of ours that wraps the theme's own.
THEME_PREFIX = "material"
GLOBAL_NAME = "fragmento_compartido"


def links_from(url: str) -> tuple[str, int]:
    """What a page's relative links depend on: its folder and its depth ('actas/2018-06-13/': 'actas', 2)."""
    return url.rstrip("/").rpartition("/")[0], url.count("/")


class SharedFragments:
    """Each fragment drawn once per name and page folder: called from a template's {% call %}, it returns the first
    drawing."""

    def __init__(self) -> None:
        self._drawn: dict[tuple, Markup] = {}

    def __call__(self, name: str, url: str, caller) -> Markup:
        key = (name, *links_from(url))
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = Markup(caller())
        return drawn


def share_fragments(env: Environment, theme_dir: str) -> Environment:
    """The theme's templates also as material/…, and a new SharedFragments as fragmento_compartido (one per build:
    the site generator makes an environment for each)."""
    env.loader = ChoiceLoader([env.loader, PrefixLoader({THEME_PREFIX: FileSystemLoader(theme_dir)})])
    env.globals[GLOBAL_NAME] = SharedFragments()
    return env

"""Text normalisation shared by the registry, the validator and the suggestions."""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Return the NFC form, so that NFD and NFC spellings compare equal."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Fold case, accents and spacing: 'Cepal ' and 'CEPAL' fold to 'cepal'."""
    if not value.isascii():
        decomposed = unicodedata.normalize("NFKD", value)
        value = "".join(itertools.filterfalse(unicodedata.combining, decomposed))
    return _SPACES.sub(" ", value).strip().casefold()


def closest(value: str, candidates: dict[str, str], cutoff: float = 0.75) -> str | None:
    """Return the candidate whose folded key is nearest to value, or None; keys are folded."""
    key = fold(value)
    if key in candidates:
        return candidates[key]
    match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=cutoff)
    return candidates[match[0]] if match else None


def foreign_letter(value: str) -> str | None:
    """The first letter that is not of the Latin alphabet ('U+0430 CYRILLIC SMALL LETTER A'), or None."""
    for char in value:
        if not char.isascii() and char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            return f"U+{ord(char):04X} {unicodedata.name(char, '?')}"
    return None

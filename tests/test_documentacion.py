"""The contributor documentation agrees with the schema: every key and allowed value is documented,
the example validates."""

from __future__ import annotations

import re

import pytest

from archivo_actas.modelo import vocabulary
from archivo_actas.modelo.acta_file import ACTA, read_acta
from archivo_actas.modelo.archive import ORIGINALS_DIR
from archivo_actas.modelo.registry import INSTITUTION, INSTITUTION_NAME, PERSON
from archivo_actas.modelo.schema import ListOf, Struct
from conftest import FIXED, ROOT, fixed_archive

MODEL = (ROOT / "docs" / "contribuir" / "modelo.md").read_text(encoding="utf-8")


def keys(struct: Struct) -> set[str]:
    """Every key of a schema, nested ones included."""
    found = set()
    for field in struct.fields:
        found.add(field.key)
        kind = field.kind.item if isinstance(field.kind, ListOf) else field.kind
        if isinstance(kind, Struct):
            found |= keys(kind)
    return found


@pytest.mark.parametrize("key", sorted(keys(ACTA) | keys(PERSON) | keys(INSTITUTION) | keys(INSTITUTION_NAME)
                                      | {"hasta"}))
def test_every_key_is_documented(key):
    assert f"`{key}`" in MODEL


@pytest.mark.parametrize("value", sorted({*vocabulary.GROUPS, *vocabulary.DATE_CERTAINTY, *vocabulary.STATUSES,
                                          *vocabulary.DEADLINE_WORDS, *vocabulary.SOURCE_KINDS, *vocabulary.SECTORS}))
def test_every_allowed_value_is_documented(value):
    assert f"`{value}`" in MODEL


def test_documented_example_validates(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", MODEL, re.S)[1]
    path = tmp_path / "2018-11-07.md"
    path.write_text(example, encoding="utf-8")
    registry = fixed_archive().registry
    acta, problems, _sha = read_acta(path, "ejemplo.md", registry, FIXED / ORIGINALS_DIR)
    assert [str(p) for p in problems] == []
    assert len(acta.acuerdos) == 3


def test_vendored_mermaid_is_the_copy_its_note_names():
    """docs/js/vendor/mermaid.min.js is the npm release its note names, unchanged (the note gives its SHA-256)."""
    import hashlib

    vendor = ROOT / "docs" / "js" / "vendor"
    note = (vendor / "mermaid.VERSION.txt").read_text(encoding="utf-8")
    assert hashlib.sha256((vendor / "mermaid.min.js").read_bytes()).hexdigest() in note
    assert (vendor / "mermaid.LICENSE.txt").read_text(encoding="utf-8").startswith("The MIT License")

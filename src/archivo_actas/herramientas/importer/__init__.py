"""A draft acta from the raw text of minutes in the Mesa's tradition; what it cannot decide it marks TODO."""

from .draft import Draft, Resolver
from .output import draft_text
from .reader import Importer
from .scoring import FIELDS, compare, compare_interventions
from .text import parse_date, read_source

__all__ = ["FIELDS", "Draft", "Importer", "Resolver", "compare", "compare_interventions", "draft_text", "parse_date",
           "read_source"]

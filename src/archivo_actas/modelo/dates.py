"""Dates and times written the way a Spanish reader expects them."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from .vocabulary import MONTHS, WEEKDAYS


def long_date(value: dt.date) -> str:
    """'23 de enero de 2019'."""
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"


def weekday_date(value: dt.date) -> str:
    """'miércoles 23 de enero de 2019'."""
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


def hour(value: dt.time | None) -> str:
    """'15:00', or 'no consta'."""
    return value.strftime("%H:%M") if value else "no consta"


def build_date() -> dt.date:
    """The date a build speaks from: SOURCE_DATE_EPOCH when set (reproducible builds), else today in Santiago."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(ZoneInfo("America/Santiago")).date()

"""The absence window, in the employee's own time zone.

Dates in the configuration are her local calendar days. A message belongs to the absence when
its delivery time, converted to her zone, falls on one of those days: converting the dates to UTC
instead shifts both edges by the zone's offset, a known complaint about other responders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel import dates as cldr

# CLDR's bare "en" is American English ("July 24, 2026"); the product writes the day first, the way
# British English and every other language it speaks do.
_LOCALES = {"en": "en_GB"}
_FALLBACK = "en_GB"


@dataclass(frozen=True)
class Absence:
    start: dt.date
    end: dt.date
    zone: ZoneInfo

    def local_day(self, when: dt.datetime) -> dt.date:
        """The employee's calendar day at instant ``when`` (naive datetimes are taken as UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return when.astimezone(self.zone).date()

    def contains(self, when: dt.datetime) -> bool:
        return self.start <= self.local_day(when) <= self.end

    @property
    def return_date(self) -> dt.date:
        """The first day back: the day after the last day away."""
        return self.end + dt.timedelta(days=1)

    @property
    def starts_at(self) -> dt.datetime:
        """The first instant of the absence, aware, in the employee's zone."""
        return dt.datetime.combine(self.start, dt.time(), self.zone)

    @property
    def key(self) -> str:
        """Identifies this absence in the reply ledger: one reply per sender per thread per absence."""
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """The CLDR locale dates are written in for a language code ("fr", "de", "pt-BR"); English if unknown."""
    try:
        return Locale.parse(_LOCALES.get(language, language).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(_FALLBACK)


def format_date(day: dt.date, language: str) -> str:
    """CLDR's long date: "24 July 2026", "24 juillet 2026", "24. Juli 2026", "24 juli 2026".

    French writes the first of the month as an ordinal ("1er août 2026"), which CLDR's pattern
    leaves out, so that one case has its own pattern.
    """
    locale = locale_for(language)
    if locale.language == "fr" and day.day == 1:
        return cldr.format_date(day, "d'er' MMMM y", locale=locale)
    return cldr.format_date(day, "long", locale=locale)


def format_day_and_time(moment: dt.datetime, language: str) -> str:
    """A short local day and time, as a timeline shows it: "24 Jul 14:05", "24 juil. 14:05", "24. Juli 14:05"."""
    locale = locale_for(language)
    return f"{cldr.format_skeleton('MMMd', moment, locale=locale)} {cldr.format_time(moment, 'short', locale=locale)}"

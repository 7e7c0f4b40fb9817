"""The absence window, in the employee's own time zone.

Dates in the configuration are her local calendar days. A message belongs to the absence when
its delivery time, converted to her zone, falls on one of those days: converting the dates to UTC
instead shifts both edges by the zone's offset, a known complaint about other responders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
}


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


def format_date(day: dt.date, language: str) -> str:
    """"24 July 2026" / "24 juillet 2026" / "1er août 2026"."""
    months = MONTHS.get(language, MONTHS["en"])
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{number} {months[day.month - 1]} {day.year}"

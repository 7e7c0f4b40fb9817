import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from responder.absence import Absence, format_date, format_day_and_time

PARIS = Absence(dt.date(2026, 7, 6), dt.date(2026, 7, 24), ZoneInfo("Europe/Paris"))


def test_first_and_last_local_days_are_inside_whatever_the_machine_zone(machine_tz: str) -> None:
    # 00:30 on the first day in Paris is 22:30 UTC the day before.
    assert PARIS.contains(dt.datetime(2026, 7, 5, 22, 30, tzinfo=dt.UTC))
    assert not PARIS.contains(dt.datetime(2026, 7, 5, 21, 59, tzinfo=dt.UTC))
    # 23:59 on the last day in Paris is 21:59 UTC.
    assert PARIS.contains(dt.datetime(2026, 7, 24, 21, 59, tzinfo=dt.UTC))
    assert not PARIS.contains(dt.datetime(2026, 7, 24, 22, 0, tzinfo=dt.UTC))


def test_sender_zone_does_not_matter(machine_tz: str) -> None:
    montreal = ZoneInfo("America/Toronto")
    # Sunday 5 July 23:52 in Montréal is Monday 6 July 05:52 in Paris: inside.
    assert PARIS.contains(dt.datetime(2026, 7, 5, 23, 52, tzinfo=montreal))
    # Friday 24 July 20:31 in Montréal is Saturday 02:31 in Paris: outside.
    assert not PARIS.contains(dt.datetime(2026, 7, 24, 20, 31, tzinfo=montreal))


def test_return_date_and_local_formatting() -> None:
    assert PARIS.return_date == dt.date(2026, 7, 25)
    assert format_date(dt.date(2026, 7, 24), "en") == "24 July 2026"
    assert format_date(dt.date(2026, 7, 24), "fr") == "24 juillet 2026"
    assert format_date(dt.date(2026, 8, 1), "fr") == "1er août 2026"


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "24. Juli 2026"), ("nl", "24 juli 2026"), ("es", "24 de julio de 2026"),
    ("pt-BR", "24 de julho de 2026"), ("xx", "24 July 2026"), ("", "24 July 2026")])
def test_dates_follow_cldr_for_the_language_and_english_when_unknown(language: str, expected: str) -> None:
    assert format_date(dt.date(2026, 7, 24), language) == expected


def test_only_french_writes_the_first_of_the_month_as_an_ordinal() -> None:
    assert format_date(dt.date(2026, 8, 1), "en") == "1 August 2026"
    assert format_date(dt.date(2026, 8, 1), "de") == "1. August 2026"
    assert format_date(dt.date(2026, 8, 2), "fr") == "2 août 2026"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "24 Jul 14:05"), ("fr", "24 juil. 14:05"), ("de", "24. Juli 14:05"), ("nl", "24 jul 14:05")])
def test_a_moment_is_written_as_its_own_local_day_and_time(language: str, expected: str) -> None:
    moment = dt.datetime(2026, 7, 24, 14, 5, tzinfo=ZoneInfo("Europe/Paris"))
    assert format_day_and_time(moment, language) == expected

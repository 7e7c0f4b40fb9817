"""Unanswered threads count business hours; a country's public holidays are not business days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from responder.judge import flags
from responder.judge.unanswered import CLIENT, HUMAN, Post, business_hours_between, overdue, public_holidays

PARIS = ZoneInfo("Europe/Paris")
BRUSSELS = ZoneInfo("Europe/Brussels")
FRANCE = public_holidays("FR")


def at(month: int, day: int, hour: int, zone: ZoneInfo = PARIS) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=zone)


def test_two_days_of_silence_across_14_july_are_not_yet_overdue_in_france() -> None:
    """Monday 13 July 10:00 to Wednesday 15 July 11:00: 17 business hours, but only 9 outside the National Day."""
    asked = Post(at(7, 13, 10), CLIENT, 1)
    assert overdue([asked], at(7, 15, 11), after_hours=16, zone=PARIS) == asked
    assert overdue([asked], at(7, 15, 11), after_hours=16, zone=PARIS, holidays=FRANCE) is None
    assert overdue([asked], at(7, 16, 17), after_hours=16, zone=PARIS, holidays=FRANCE) == asked  # 7 + 8 + 8 = 23


def test_11_november_is_no_business_day_in_belgium_either() -> None:
    """Tuesday 10 November 2026 at 09:00 to Thursday 12 November at 17:00, Wednesday 11 November off."""
    start, end = at(11, 10, 9, BRUSSELS), at(11, 12, 17, BRUSSELS)
    assert business_hours_between(start, end, BRUSSELS) == 24
    assert business_hours_between(start, end, BRUSSELS, holidays=public_holidays("BE")) == 16


def test_without_a_country_only_weekends_are_off() -> None:
    assert public_holidays("") == frozenset()
    asked = Post(at(7, 13, 10), CLIENT, 1)
    assert overdue([asked], at(7, 15, 11), after_hours=16, zone=PARIS, holidays=public_holidays("")) == asked


def test_a_region_adds_its_own_holidays() -> None:
    """26 December is a holiday in Moselle (FR-57), not in the rest of France."""
    assert dt.date(2026, 12, 26) in public_holidays("FR", "57")
    assert dt.date(2026, 12, 26) not in FRANCE
    assert dt.date(2027, 7, 14) in FRANCE  # the calendar fills in whichever year is asked about


def test_an_answer_still_clears_a_thread_across_a_holiday() -> None:
    timeline = [Post(at(7, 13, 10), CLIENT), Post(at(7, 15, 9), HUMAN)]
    assert overdue(timeline, at(7, 20, 10), after_hours=16, zone=PARIS, holidays=FRANCE) is None


def test_the_rule_is_still_read_from_the_flags_module() -> None:
    assert flags.overdue is overdue and flags.Post is Post and flags.request_sentence("Could you call me?")

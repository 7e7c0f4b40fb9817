"""The backoff policy shared by the outbox and IMAP reconnects: pure arithmetic, seeded randomness."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from responder.service.retry import DEFAULT, RetryPolicy

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)


def exact(**changes: object) -> RetryPolicy:
    values: dict[str, object] = {"base": MINUTE, "factor": 2.0, "cap": HOUR, "jitter": 0.0, "max_attempts": 5}
    return RetryPolicy(**(values | changes))  # type: ignore[arg-type]


def test_delay_doubles_from_the_base() -> None:
    delays = [exact().delay(n, random.Random(0)) for n in range(1, 6)]
    assert delays == [MINUTE * m for m in (1, 2, 4, 8, 16)]


def test_delay_stops_growing_at_the_cap() -> None:
    policy = exact(cap=dt.timedelta(minutes=10))
    assert [policy.delay(n, random.Random(0)) for n in (4, 5, 6)] == [MINUTE * 8, MINUTE * 10, MINUTE * 10]


def test_huge_attempt_numbers_give_the_cap_without_overflow() -> None:
    assert exact(factor=10.0).delay(10_000, random.Random(0)) == HOUR


def test_factor_one_is_a_constant_delay() -> None:
    assert {exact(factor=1.0).delay(n, random.Random(0)) for n in (1, 7, 50)} == {MINUTE}


def test_jitter_only_shortens_and_stays_within_its_fraction() -> None:
    policy = exact(jitter=0.25)
    rng = random.Random(42)
    delays = [policy.delay(3, rng) for _ in range(500)]
    assert all(MINUTE * 4 * 0.75 <= d <= MINUTE * 4 for d in delays)
    assert len(set(delays)) > 400  # really random, not one fixed offset
    assert min(delays) < MINUTE * 4 * 0.8 and max(delays) > MINUTE * 4 * 0.95


def test_jitter_never_exceeds_the_cap() -> None:
    policy = exact(jitter=0.5)
    assert all(policy.delay(30, random.Random(seed)) <= HOUR for seed in range(200))


def test_same_seed_same_delays() -> None:
    policy = exact(jitter=0.3)
    first = [policy.delay(n, random.Random(7)) for n in range(1, 8)]
    assert first == [policy.delay(n, random.Random(7)) for n in range(1, 8)]


def test_gives_up_at_max_attempts() -> None:
    policy = exact(max_attempts=3)
    assert [policy.gives_up(n) for n in (0, 1, 2, 3, 4)] == [False, False, False, True, True]


def test_default_policy_tries_for_about_six_hours() -> None:
    rng = random.Random(0)
    waits = [DEFAULT.delay(n, rng) for n in range(1, DEFAULT.max_attempts)]
    steady = dataclasses.replace(DEFAULT, jitter=0.0)
    total_without_jitter = sum((steady.delay(n, rng) for n in range(1, DEFAULT.max_attempts)), dt.timedelta())
    assert dt.timedelta(hours=5) < total_without_jitter < dt.timedelta(hours=7)
    assert max(waits) <= DEFAULT.cap
    assert not DEFAULT.gives_up(DEFAULT.max_attempts - 1) and DEFAULT.gives_up(DEFAULT.max_attempts)


def test_attempt_counts_from_one() -> None:
    with pytest.raises(ValueError, match="attempt counts from 1, got 0"):
        exact().delay(0, random.Random(0))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"base": dt.timedelta(0)}, "base must be positive"),
        ({"factor": 0.5}, "factor must be at least 1"),
        ({"cap": dt.timedelta(seconds=30)}, "cap must be at least base"),
        ({"jitter": 1.0}, r"jitter must be in \[0, 1\)"),
        ({"jitter": -0.1}, r"jitter must be in \[0, 1\)"),
        ({"max_attempts": 0}, "max_attempts must be at least 1"),
    ],
)
def test_invalid_policies_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        exact(**changes)


def test_policy_is_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT.max_attempts = 1  # type: ignore[misc]

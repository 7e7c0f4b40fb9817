"""When to try again after a temporary failure: one backoff policy for the outbox and IMAP reconnects.

Retrying at once hammers a server that is already struggling, and retrying in lockstep (every
replica, every queued message at the same second) makes it worse; so the wait grows
exponentially, is capped so that an admin knows the longest pause, and is shortened by a random
fraction so that retries spread out. After ``max_attempts`` the caller stops and records the
failure for a human: a message that could not go out in hours is news, not noise.

Pure: the random source is passed in, so tests (and logs) are reproducible.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with a cap, downward jitter and a limit on attempts.

    ``delay(n)`` is the wait after the n-th failed attempt: ``base * factor**(n-1)``, capped at
    ``cap``, then reduced by up to ``jitter`` of itself. Jitter only shortens, so ``cap`` is a
    true maximum. ``gives_up(n)`` says whether n attempts are enough to stop trying.
    """

    base: dt.timedelta = dt.timedelta(minutes=1)
    factor: float = 2.0
    cap: dt.timedelta = dt.timedelta(hours=1)
    jitter: float = 0.1
    max_attempts: int = 12

    def __post_init__(self) -> None:
        if self.base <= dt.timedelta(0):
            raise ValueError(f"base must be positive, got {self.base}")
        if self.factor < 1:
            raise ValueError(f"factor must be at least 1, got {self.factor}")
        if self.cap < self.base:
            raise ValueError(f"cap must be at least base ({self.base}), got {self.cap}")
        if not 0 <= self.jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {self.jitter}")
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")

    def delay(self, attempt: int, rng: random.Random) -> dt.timedelta:
        """How long to wait after failed attempt number ``attempt`` (1 for the first failure)."""
        if attempt < 1:
            raise ValueError(f"attempt counts from 1, got {attempt}")
        wait = self._uncapped_or_cap(attempt)
        return wait * (1 - self.jitter * rng.random())

    def gives_up(self, attempts: int) -> bool:
        """True once ``attempts`` attempts have been made: the next failure is final."""
        return attempts >= self.max_attempts

    def _uncapped_or_cap(self, attempt: int) -> dt.timedelta:
        """``base * factor**(attempt-1)`` or ``cap``, compared in logarithms so huge attempts never overflow."""
        if self.factor == 1:
            return self.base
        room = math.log(self.cap / self.base) / math.log(self.factor)
        if attempt - 1 >= room:
            return self.cap
        return min(self.cap, self.base * self.factor ** (attempt - 1))


DEFAULT = RetryPolicy()
"""About six hours of tries (1, 2, 4 … 32 minutes, then hourly) before a message is given up."""

"""Phrase families as data: what each flag looks for, with sentences that must and must not fire.

Each :class:`Cue` is one family of phrasings in one language ("lacking information", French).
Its patterns read a sentence folded by :func:`responder.judge.detector.fold_text` (lower case,
plain apostrophes, single spaces). The quick pre-checks that spare most sentences the long
patterns are built from the cues' ``keys``, so a new family brings its own pre-check words and
cannot be hidden by a filter kept elsewhere; its ``examples`` and ``traps`` become tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["Cue", "alternation", "families_in", "keys_of", "starts_of"]


@dataclass(frozen=True)
class Cue:
    """One phrasing family of one kind of statement, in one language."""

    kind: str  # the statement it recognises: no_information, no_information_reported, at_risk, angry
    family: str  # a short name for the way of saying it
    lang: str  # fr, en, de or nl
    cues: tuple[str, ...]  # the patterns, tried in this order
    examples: tuple[str, ...]  # sentences that must fire the kind
    traps: tuple[str, ...]  # sentences that hold the family's words and must not fire
    keys: tuple[str, ...]  # the pre-check: a sentence this family matches holds one of these
    starts: tuple[str, ...] = ()  # words a match may begin with, where the kind's search needs them


def alternation(cues: Iterable[Cue]) -> str:
    """All the patterns of ``cues`` as one alternation, in order."""
    return "|".join(f"(?:{pattern})" for cue in cues for pattern in cue.cues)


def keys_of(cues: Iterable[Cue]) -> tuple[str, ...]:
    """The pre-check words of ``cues``, each once, in the order first given."""
    return tuple(dict.fromkeys(key for cue in cues for key in cue.keys))


def starts_of(cues: Iterable[Cue]) -> tuple[str, ...]:
    """The words a match of ``cues`` may begin with, each once, as regex-safe alternatives."""
    return tuple(dict.fromkeys(re.escape(word) for cue in cues for word in cue.starts))


def families_in(folded: str, cues: Iterable[Cue]) -> tuple[str, ...]:
    """The families (as ``kind:lang:family``) whose patterns match the folded sentence: the rule ids
    stored with a finding, so a reviewer sees which way of saying it was recognised."""
    return tuple(f"{cue.kind}:{cue.lang}:{cue.family}" for cue in cues if _compiled(cue).search(folded))


@cache
def _compiled(cue: Cue) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in cue.cues))

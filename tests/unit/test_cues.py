"""Every phrasing family's own examples fire its kind, its traps do not, and the pre-checks let its examples through."""

from __future__ import annotations

import re

import pytest

from responder.judge import detector, flags
from responder.judge.cues import Cue, angry, at_risk, no_information, reported

ALL: tuple[Cue, ...] = (*no_information.FIRST_PERSON, *reported.THIRD_PERSON, *at_risk.CUES, *angry.CUES)
DELEGATE_NAME = "Peter Novak"


def fires(kind: str, sentence: str) -> bool:
    if kind == no_information.NO_INFORMATION:
        return detector.first_person_sentence(sentence) is not None
    if kind == reported.REPORTED:
        return detector.reported_sentence(sentence, DELEGATE_NAME) is not None
    if kind == at_risk.AT_RISK:
        return flags.at_risk_sentence(sentence) is not None
    assert kind == angry.ANGRY
    return flags.angry_sentence(sentence) is not None


def label(cue: Cue) -> str:
    return f"{cue.kind}:{cue.family}:{cue.lang}"


EXAMPLES = [pytest.param(cue, text, id=f"{label(cue)}:{n}") for cue in ALL for n, text in enumerate(cue.examples)]
TRAPS = [pytest.param(cue, text, id=f"{label(cue)}:{n}") for cue in ALL for n, text in enumerate(cue.traps)]


@pytest.mark.parametrize(("cue", "sentence"), EXAMPLES)
def test_every_example_fires_its_kind(cue: Cue, sentence: str) -> None:
    assert fires(cue.kind, sentence)


@pytest.mark.parametrize(("cue", "sentence"), EXAMPLES)
def test_every_example_is_matched_by_its_own_family(cue: Cue, sentence: str) -> None:
    folded = detector.fold_text(sentence)
    assert any(re.search(pattern, folded) for pattern in cue.cues)


@pytest.mark.parametrize(("cue", "sentence"), EXAMPLES)
def test_every_example_holds_one_of_its_familys_keys(cue: Cue, sentence: str) -> None:
    folded = detector.fold_text(sentence)
    if cue.kind in (no_information.NO_INFORMATION, reported.REPORTED):
        assert any(re.search(key, folded) for key in cue.keys)
    else:
        assert any(word.startswith(cue.keys) for word in re.findall(r"[^\W\d_]+", folded))


@pytest.mark.parametrize(("cue", "sentence"), TRAPS)
def test_no_trap_fires(cue: Cue, sentence: str) -> None:
    assert not fires(cue.kind, sentence)


@pytest.mark.parametrize("cue", ALL, ids=label)
def test_every_family_is_complete(cue: Cue) -> None:
    assert cue.lang in {"fr", "en", "de", "nl"}
    assert cue.family and cue.cues and cue.examples and cue.traps and cue.keys
    for pattern in cue.cues:
        re.compile(pattern)
    assert bool(cue.starts) == (cue.kind == no_information.NO_INFORMATION)


def test_families_are_named_once_per_kind_and_language() -> None:
    names = [(cue.kind, cue.family, cue.lang) for cue in ALL]
    assert len(names) == len(set(names))

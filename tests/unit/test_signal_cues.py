"""Every at-risk and angry lemma family fires on its examples and not on its traps; tests generated from the families."""

from __future__ import annotations

import pytest

from responder.judge import flags, signal_lemmas
from responder.judge.cues.signal_families import ANGRY, AT_RISK, FAMILIES, SignalFamily
from responder.judge.detector import fold_text


def _id(family: SignalFamily) -> str:
    return f"{family.kind}:{family.lang}:{family.family}"


def _sentence(kind: str, text: str, lang: str) -> str | None:
    find = flags.at_risk_sentence if kind == AT_RISK else flags.angry_sentence
    return find(text, language=lang)


@pytest.mark.parametrize("family, example", [(f, e) for f in FAMILIES for e in f.examples],
                         ids=[f"{_id(f)}:{n}" for f in FAMILIES for n, _ in enumerate(f.examples)])
def test_an_example_fires_its_family(family: SignalFamily, example: str) -> None:
    folded = fold_text(example)
    found = signal_lemmas.matching(folded, family.kind, (family.lang,), question=folded.rstrip().endswith("?"))
    assert family in found
    assert _sentence(family.kind, example, family.lang) is not None


@pytest.mark.parametrize("family, trap", [(f, t) for f in FAMILIES for t in f.traps],
                         ids=[f"{_id(f)}:{n}" for f in FAMILIES for n, _ in enumerate(f.traps)])
def test_a_trap_raises_no_flag(family: SignalFamily, trap: str) -> None:
    assert _sentence(family.kind, trap, family.lang) is None


def test_every_family_has_an_example_and_a_unique_name() -> None:
    assert all(family.examples for family in FAMILIES)
    names = [(f.kind, f.lang, f.family, f.groups) for f in FAMILIES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("kind, text, lang", [
    (AT_RISK, "If nothing changes by Friday, we will terminate the agreement.", "en"),  # the negation is the condition's
    (AT_RISK, "Without the plans by Monday we will cancel the contract.", "en"),
    (AT_RISK, "Wenn bis Montag nichts kommt, kündigen wir den Vertrag.", "de"),
    (ANGRY, "Je suis sidérée qu'on ne m'ait pas prévenue.", "fr"),  # the negation after the feeling is another clause's
    (ANGRY, "Nog steeds niks?!", "nl"),
])
def test_statements_whose_negation_is_elsewhere_still_count(kind: str, text: str, lang: str) -> None:
    assert _sentence(kind, text, lang) is not None


@pytest.mark.parametrize("kind, text, lang", [
    (ANGRY, "Belachelijk snel geleverd, dank je wel!", "nl"),  # praise
    (ANGRY, "Ihr Angebot ist ja fast unverschämt günstig.", "de"),
    (ANGRY, "Ce serait inacceptable pour le preneur, pouvez-vous confirmer la date ?", "fr"),  # asked
    (AT_RISK, "We are not thinking of cancelling the contract.", "en"),
    (AT_RISK, "Wir werden den Vertrag nicht kündigen.", "de"),
])
def test_praise_questions_and_denials_raise_no_flag(kind: str, text: str, lang: str) -> None:
    assert _sentence(kind, text, lang) is None


def test_a_compound_ending_in_a_family_word_counts() -> None:
    assert _sentence(AT_RISK, "Die Abschlagsrechnung haben wir um den Betrag gekürzt.", "de") is not None

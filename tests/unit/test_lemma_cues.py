"""Every lemma family fires on its examples and not on its traps; tests generated from the families."""

from __future__ import annotations

import pytest

from responder.judge import lemmas, stonewall
from responder.judge.cues.lemma_families import FAMILIES, LemmaFamily
from responder.judge.detector import fold_text

NAMES = ("claire", "martin")


def _id(family: LemmaFamily) -> str:
    return f"{family.lang}:{family.family}"


@pytest.mark.parametrize("family, example", [(f, e) for f in FAMILIES for e in f.examples],
                         ids=[f"{_id(f)}:{n}" for f in FAMILIES for n, _ in enumerate(f.examples)])
def test_an_example_fires_its_family(family: LemmaFamily, example: str) -> None:
    found = lemmas.matching_families(fold_text(example), person="first", langs=(family.lang,), names=NAMES)
    assert family in found


@pytest.mark.parametrize("family, trap", [(f, t) for f in FAMILIES for t in f.traps],
                         ids=[f"{_id(f)}:{n}" for f in FAMILIES for n, _ in enumerate(f.traps)])
def test_a_trap_is_no_stonewall(family: LemmaFamily, trap: str) -> None:
    assert stonewall._first_person(trap, family.lang, NAMES) is None


def test_every_family_has_an_example_and_a_unique_name() -> None:
    assert all(family.examples for family in FAMILIES)
    assert len({_id(f) for f in FAMILIES}) == len(FAMILIES)


@pytest.mark.parametrize("sentence, lang", [
    ("Pas d'inquiétude, c'est pris en charge.", "fr"),  # the negation is another clause's
    ("Je ne peux pas vous transmettre ces documents, ils appartiennent au maître d'ouvrage.", "fr"),  # to the reader
    ("Keep me in the loop, please.", "en"),
    ("You don't know the new site manager yet, he starts on Monday.", "en"),  # about the reader
])
def test_sentences_that_hold_the_words_but_not_the_statement(sentence: str, lang: str) -> None:
    assert lemmas.matching_families(fold_text(sentence), person="first", langs=(lang,), names=NAMES) == ()


@pytest.mark.parametrize("text", [
    "I don't have all the details, but the doors are delivered on 29 July and fitted on the 30th.",
    "I don't have your signed copy. Could you send me the version with your signature?",
    "Je n'ai pas le détail, mais voici le devis ci-joint : 4 200 € HT.",
    "I can't answer that myself, but our structural engineer (in copy) will confirm the loads today.",
    "Je ne suis pas en mesure de vous répondre : adressez-vous à Mme Dewandre, en copie.",
    "Er wusste es nicht sofort, aber dann hat er uns zurückgerufen und die Maße genannt.",  # answered after all
    "Die Besucherzahl liegt mir nicht vor, dafür brauche ich noch Ihre Schätzung.",  # the client's own figure
])
def test_words_that_answer_after_all_are_no_stonewall(text: str) -> None:
    assert lemmas.has_substance(text)
    assert stonewall._first_person(text, None, NAMES) is None


def test_waiting_for_her_return_on_a_date_is_no_substance() -> None:
    assert not lemmas.has_substance("I can't say, sorry. You'll have to wait until Claire is back on 27 July.")


def test_the_forms_table_is_in_step_with_the_families() -> None:
    """scripts/build_lemma_forms.py, run again from simplemma's dictionaries, writes the table as it is."""
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "scripts"))
    try:
        import build_lemma_forms
    finally:
        sys.path.pop(0)
    stored = json.loads(build_lemma_forms.TABLE.read_text(encoding="utf-8"))
    assert stored == build_lemma_forms.build(), "run scripts/build_lemma_forms.py"

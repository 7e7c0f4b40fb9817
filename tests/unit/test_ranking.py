import unicodedata

import pytest

from responder.judge.ranking import fold, tokens


@pytest.mark.parametrize(("text", "folded"), [
    ("Échéancier", "echeancier"),
    ("plain ascii", "plain ascii"),
    ("Straße", "strasse"),  # casefold, not lower
    ("Überprüfung", "uberprufung"),
    ("ﬁnition", "finition"),  # NFKD splits the ligature
    ("Ἀθῆναι", "αθηναι"),
    ("日本語", "日本語"),  # no marks to drop
])
def test_fold_drops_case_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_drops_every_combining_mark() -> None:
    marks = "".join(ch for ch in map(chr, range(0x300, 0x2000)) if unicodedata.combining(ch) and ch.casefold() == ch)
    assert len(marks) > 100
    assert fold(f"a{marks}b") == "ab"


def test_tokens_of_a_text_seen_before_are_a_fresh_list() -> None:
    """Tokens are remembered for the sorter and the section choice; a caller changing its list
    must not change what the next one gets."""
    first = tokens("Quand livrez-vous les échantillons ?", "fr")
    first.append("changed")
    assert "changed" not in tokens("Quand livrez-vous les échantillons ?", "fr")
    assert tokens("Quand livrez-vous les échantillons ?", "fr") == first[:-1]

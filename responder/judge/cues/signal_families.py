"""At-risk and angry families on lemmas: what a client says when the account is at risk, or when he is angry.

Each family is a set of lemma groups that must all occur in one sentence (any one word of a group
will do), in one language. ``negated`` says what a negation reaching a family word does: ``False``
(most families) it turns the statement around ("we are not cancelling", "pas déçu du tout");
``True`` the negation is the statement ("we will not work with you again", "immer noch keine
Antwort"); ``None`` either. Questions say nothing but for the families that are ``asked``. Lemmas, not phrases, so tenses, word order and inflection are covered without listing
each ("nous allons résilier", "wir haben den Vertrag gekündigt", "we zeggen de opdracht op").

The phrase cues in :mod:`.at_risk` and :mod:`.angry` are tried first; these catch what they do not
say word for word. Examples must fire their family and traps must not (tests/unit/test_signal_cues.py).
The batches in tests/fixtures/flags/ measure these families and are never a source for them.
"""
from __future__ import annotations

from responder.judge.cues.angry_families import ANGRY_FAMILIES
from responder.judge.cues.at_risk_families import AT_RISK_FAMILIES
from responder.judge.cues.signal_words import ANGRY, AT_RISK, SignalFamily

__all__ = ["ANGRY", "AT_RISK", "FAMILIES", "SignalFamily"]

FAMILIES: tuple[SignalFamily, ...] = AT_RISK_FAMILIES + ANGRY_FAMILIES

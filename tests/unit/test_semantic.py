"""The doubt zone read by meaning: scores from the cue data's examples and traps, and only where the rules found nothing.

Most tests score with a small stand-in encoder (words hashed into a vector), so they need no
model; the last ones load the real one when the optional package is installed.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator

import numpy as np
import pytest

from responder.judge import semantic, stonewall
from responder.judge.cues.lemma_families import FAMILIES
from responder.judge.parties import Directory
from responder.mail import mime
from support.mailfactory import AUTHSERV_ID, make

DIRECTORY = Directory.build(["claire@example.com"], "paul@example.com", {"atlas": ["@acme.example"]})
NEAR = "That sits with Claire."  # a way of saying "her file" that no rule reads
HER_FILE = next(e for f in FAMILIES if f.lang == "en" and f.family == "her file" for e in f.examples)
TRAP = next(t for f in FAMILIES for t in f.traps)


class Words:
    """A stand-in model: a text is its words hashed into 8192 slots; ``alias`` texts are read as another text."""

    def __init__(self, alias: dict[str, str] | None = None) -> None:
        self.alias = alias or {}
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), 8192), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in self.alias.get(text, text).lower().split():
                out[row, zlib.crc32(word.strip(".,!?").encode()) % 8192] += 1
        return out


@pytest.fixture
def words() -> Iterator[Words]:
    encoder = Words({NEAR: HER_FILE})
    semantic.use_encoder(encoder)
    yield encoder
    semantic.use_encoder(None)


def find(raw: bytes, *, semantic_search: bool = True) -> stonewall.Finding | None:
    return stonewall.find(mime.parse(raw), directory=DIRECTORY, delegate_name="Paul Durand", mass_or_robot=False,
                          language="en", semantic_search=semantic_search)


def from_paul(body: str, to: str = "Jo Lambert <jo@acme.example>") -> bytes:
    return make(sender="Paul Durand <paul@example.com>", to=to, body=body)


def test_a_sentence_scores_its_nearest_example_minus_its_nearest_trap(words: Words) -> None:
    (example_score, family), (trap_score, _) = semantic.scores([HER_FILE, TRAP])
    assert example_score == pytest.approx(1 - float(_cosines(words, HER_FILE, [t for f in FAMILIES for t in f.traps]).max()))
    assert (family.lang, family.family) == ("en", "her file")
    assert trap_score <= 0  # as close to a trap as to any example, at best


def _cosines(encoder: Words, text: str, others: list[str]) -> np.ndarray:
    vectors = encoder.encode([text, *others])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors[1:] @ vectors[0]


def test_best_is_the_highest_sentence_at_or_above_the_threshold(words: Words) -> None:
    match = semantic.best(["Hello Jo,", NEAR, "Best, Paul"])
    assert match is not None and match.index == 1 and match.score >= semantic.THRESHOLD
    assert match.rule == "semantic:en:her file"
    assert semantic.best(["Hello Jo,", "Best, Paul"]) is None
    assert semantic.best([]) is None


def test_the_anchors_are_embedded_once(words: Words) -> None:
    semantic.best(["one sentence"])
    semantic.best(["another sentence"])
    assert words.calls == 2 + 2  # examples and traps once, then one call per message


def test_the_delegates_own_paraphrase_is_found_in_the_doubt_zone(words: Words) -> None:
    raw = from_paul(f"Hello Jo,\n\n{NEAR}\n\nPaul")
    assert find(raw, semantic_search=False) is None  # the rules read nothing here
    finding = find(raw)
    assert finding is not None
    assert (finding.evidence, finding.sentence, finding.rules) == ("authored", NEAR, ("semantic:en:her file",))


def test_words_with_substance_leave_the_doubt_zone(words: Words) -> None:
    assert find(from_paul(f"Hello Jo,\n\n{NEAR} The revised plan is attached.\n\nPaul")) is None


def test_mail_to_a_colleague_is_no_stonewall_of_a_client(words: Words) -> None:
    assert find(from_paul(f"Claire,\n\n{NEAR}\n\nPaul", to="Claire Martin <claire@example.com>")) is None


def test_a_block_quoted_under_his_name_is_read(words: Words) -> None:
    body = (f"Claire, see below.\n\nJo\n\nOn Mon, 13 Jul 2026 at 10:02, Paul Durand <paul@example.com> wrote:\n"
            f"> Hello Jo,\n>\n> {NEAR}\n>\n> Paul\n")
    finding = find(make(body=body))
    assert finding is not None and (finding.evidence, finding.sentence) == ("quoted", NEAR)


def test_the_rules_come_first_and_keep_their_own_ids(words: Words) -> None:
    finding = find(from_paul("Hello Jo,\n\nI have no information about this project.\n\nPaul"))
    assert finding is not None and not any(rule.startswith("semantic:") for rule in finding.rules)
    assert words.calls == 0  # the model is not even asked


@pytest.fixture
def model() -> Iterator[None]:
    if not semantic.available():
        if os.environ.get("CI") == "true" or os.environ.get("RESPONDER_TESTS_COMPLETE") == "1":
            pytest.fail("the optional model package is not installed (scripts/install --test installs it)")
        pytest.skip("the optional model package (responder[semantic]) is not installed")  # a bare pytest
    semantic.use_encoder(None)
    yield
    semantic.use_encoder(None)


@pytest.mark.parametrize("sentence", [
    "Das lief alles über Frau Martin.",
    "Dat heeft Claire altijd zelf geregeld.",
    "Ce sujet, Claire l'a toujours géré seule avec eux.",
])
def test_the_model_reads_a_deferral_to_her_in_any_language(model: None, sentence: str) -> None:
    match = semantic.best([sentence])
    assert match is not None and match.score >= semantic.THRESHOLD


@pytest.mark.parametrize("sentence", [
    "Thanks for your email.",
    "Kind regards, Paul",
    "Die Rechnung wurde gestern bezahlt.",
    "Les cloisons seront posées au deuxième étage la semaine prochaine.",
])
def test_the_model_leaves_plain_facts_and_courtesies(model: None, sentence: str) -> None:
    assert semantic.best([sentence]) is None


def test_the_judge_reads_by_meaning_only_when_configured(words: Words) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from responder.absence import Absence
    from responder.judge import guard
    from responder.judge.facts import Judge
    from support.mailfactory import ABSENCE_DAY

    absence = Absence(dt.date(2026, 7, 6), dt.date(2026, 7, 24), ZoneInfo("Europe/Paris"))
    context = guard.GuardContext(DIRECTORY.employee_addresses, DIRECTORY.delegate_address, absence, ABSENCE_DAY, False)
    parsed = mime.parse(from_paul(f"Hello Jo,\n\n{NEAR}\n\nPaul"))
    assert Judge(DIRECTORY, "Paul Durand", trusted_authserv_ids=(AUTHSERV_ID,)).facts(parsed, context).stonewall is None
    facts = Judge(DIRECTORY, "Paul Durand", semantic=True, trusted_authserv_ids=(AUTHSERV_ID,)).facts(parsed, context)
    assert facts.stonewall is not None and facts.stonewall.rules == ("semantic:en:her file",)
    assert [s.kind for s in facts.signals] == ["no_information"]

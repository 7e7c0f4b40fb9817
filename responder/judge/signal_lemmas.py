"""At-risk and angry statements recognised on lemmas, where the phrase cues of :mod:`responder.judge.flags` find nothing.

A sentence is read with the stonewall reader's tools (:mod:`responder.judge.lemmas`: clauses, the
lemma table, the negation words) and matched against :mod:`responder.judge.cues.signal_families`.
Three things the stonewall families do not need: German and Dutch compounds are read by their last
word ("Abschlagsrechnung" is a "Rechnung"), separable verbs are put back together ("wir ziehen den
Auftrag zurück" holds "zurückziehen"), and a form missing from the table is tried without its
ending ("annulée", "cancelled"). Negations, conditions and conditionals are those of all four
languages: a French sentence that a detector calls English is still read right.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from responder.judge import lemmas
from responder.judge.cues import signal_families, signal_words
from responder.judge.cues.signal_families import ANGRY, AT_RISK, SignalFamily

Clauses = list[list[tuple[str, str]]]

# Each language's own negations, and the others' unmistakable ones (not "noch", German for "still", nor
# the "n" of "zo'n"): a sentence read in the wrong language is still read right.
_STRONG_NEGATIONS = frozenset("not never no n't cannot pas jamais aucun aucune rien nicht kein keine keinen nie niemals nichts "
                              "niet geen nooit niets".split())
_NEGATIONS = {lang: words | _STRONG_NEGATIONS for lang, words in lemmas.NEGATION_WORDS.items()}
# Words that open a condition: a negation inside it is the condition's ("if nothing changes, we
# will…", "without an answer by Friday…"), not the statement's.
_CONDITIONS = frozenset("if unless without until si sans wenn falls ohne solange sofern als indien tenzij zonder "
                        "zolang totdat".split())
# Who the main clause is about: a condition ends where its subject comes ("if it slips we will not…").
_SUBJECTS = frozenset("we i nous je wir ich wij ik".split())
# Conditionals before a word of anger make it supposed: "ce serait inacceptable", "het zou onaanvaardbaar zijn".
_SUPPOSED = frozenset("would could might should serait seraient serais pourrait wäre wären würde würden zou zouden".split())
SUPPOSED_REACH = 4
# Words after a strong word that make it praise: "ridiculously fast", "unverschämt günstig", "belachelijk snel".
PRAISED = frozenset("good fast quick quickly cheap nice well beautiful great easy smooth quiet bon bien rapide rapidement "
                    "beau belle bonne bonnes facile silencieux gut gute guten schnell günstig schön toll einfach preiswert leise viel goed snel "
                    "mooi goedkoop fijn makkelijk stil goede".split())
# German and Dutch particles of separable verbs, after their verb: "ziehen … zurück", "schorten … op".
_PARTICLES = frozenset("zurück ein um an ab aus auf mit vor weg zu hin her fest los zusammen weiter "
                       "in op af uit aan mee terug over door toe voor".split())
# Endings tried when a form is not in the table: "annulée" → "annuler", "cancelled" → "cancel".
_ENDINGS = (("s", ""), ("e", "er"), ("e", "en"), ("es", "er"), ("ent", "er"), ("d", ""), ("ed", ""), ("led", ""), ("ing", ""), ("ée", "er"), ("é", "er"),
            ("és", "er"), ("ées", "er"), ("ons", ""), ("ez", ""), ("t", "en"), ("te", "en"), ("en", ""), ("e", ""),
            ("t", ""), ("es", ""))
STEM = 5


def _cue_words(family: SignalFamily) -> frozenset[str]:
    return frozenset().union(*family.groups)


def _negated(family: SignalFamily, clauses: Clauses, lang: str, *, before_only: bool) -> bool:
    """A negation at most lemmas.NEGATION_REACH words from one of the family's words (only before it
    with ``before_only``: "je suis sidérée qu'on ne m'ait pas prévenue"), in a clause that says the
    family's statement (holds two of its groups, or its only one), and not inside a condition."""
    cues, needed = _cue_words(family), min(2, len(family.groups))
    for clause in clauses:
        words = _words([clause], lang)
        if sum(bool(group & words) for group in family.groups) < needed:
            continue
        negated_at, condition = [], False
        for i, (token, _) in enumerate(clause):
            if token in _CONDITIONS:
                condition = True
            elif condition and token in _SUBJECTS and i > 1:
                condition = False
            elif token in _NEGATIONS[lang] and not condition:
                negated_at.append(i)
        for i, (token, lemma) in enumerate(clause):
            if (token in cues or lemma in cues) and any(
                    0 <= i - n <= lemmas.NEGATION_REACH if before_only else abs(i - n) <= lemmas.NEGATION_REACH
                    for n in negated_at):
                return True
    return False


def _supposed(family: SignalFamily, clauses: Clauses) -> bool:
    cues = _cue_words(family)
    return any((token in cues or lemma in cues) and any(t in _SUPPOSED and t not in cues
                                                         for t, _ in clause[max(0, i - SUPPOSED_REACH):i])
               for clause in clauses for i, (token, lemma) in enumerate(clause))


def _praise(family: SignalFamily, clauses: Clauses) -> bool:
    cues = _cue_words(family)
    return any((token in cues or lemma in cues) and i + 1 < len(clause) and clause[i + 1][0] in PRAISED
               for clause in clauses for i, (token, lemma) in enumerate(clause))


@lru_cache(maxsize=None)
def _family_words(lang: str) -> frozenset[str]:
    return frozenset(word for family in signal_families.FAMILIES if family.lang == lang for group in family.groups
                     for word in group)


@lru_cache(maxsize=None)
def _starts(lang: str) -> frozenset[str]:
    return frozenset(w[:4] for w in _family_words(lang))


@lru_cache(maxsize=None)
def _heads(lang: str) -> tuple[str, ...]:
    """The family words a German or Dutch compound may end in ("Abschlagsrechnung", "adviesbureau")."""
    if lang not in ("de", "nl"):
        return ()
    return tuple(sorted(w for w in _family_words(lang) if len(w) >= 5))


# Compounds that name another contract: a "Mietvertrag" or a "huurovereenkomst" is not the client's
# appointment of the firm. A firm word never counts as a compound's head: a "kozijnleverancier" or a
# "Stahlbaufirma" is another trade's firm (the firm's own kinds, "Planungsbüro", are listed whole).
_OTHER_DEALS = ("miet", "pacht", "leasing", "kauf", "liefer", "arbeits", "versicherungs", "huur", "koop", "lever",
                "arbeids", "verzekerings", "kozijn", "glas", "rohbau", "dach", "elektro", "catering", "bouw")


def _head_of(word: str, heads: tuple[str, ...], lang: str) -> set[str]:
    found = {head for head in heads if word.endswith(head) and len(word) > len(head) + 2} - signal_words.FIRM[lang]
    if word.startswith(_OTHER_DEALS):
        found -= signal_words.DEAL[lang]
    return found


# The at-risk and then the angry rules read the same sentences of one message (at most ~40): a cache
# that size, not one that would carry sentences over from message to message.
SENTENCE_CACHE = 64


@lru_cache(maxsize=SENTENCE_CACHE)
def _read(folded: str, lang: str) -> tuple[Clauses, frozenset[str]]:
    """A sentence's clauses and words in ``lang``: read once for the at-risk and the angry families."""
    clauses = lemmas.split_clauses(folded, lang)
    return clauses, frozenset(_words(clauses, lang))


def _words(clauses: Clauses, lang: str) -> set[str]:
    """The sentence's words and lemmas, with compounds' last words, separable verbs joined and endings tried."""
    known, heads = _family_words(lang), _heads(lang)
    words = {w for clause in clauses for pair in clause for w in pair}
    if heads:
        words |= {head for w in list(words) if len(w) > 7 and w.endswith(heads) for head in _head_of(w, heads, lang)}
        for clause in clauses:
            for j, (particle, _) in enumerate(clause):
                if j and particle in _PARTICLES:
                    words |= {particle + w for token, lemma in clause[:j] for w in (token, lemma)}
    starts = _starts(lang)
    for word in [w for w in words if len(w) > 4 and w not in known and w[:4] in starts]:
        for ending, replacement in _ENDINGS:
            if word.endswith(ending):
                candidate = word[:len(word) - len(ending)] + replacement
                if candidate in known:
                    words.add(candidate)
    return words


def _anchor(family: SignalFamily) -> frozenset[str]:
    """The family's group of least common words (the longest shortest word): one must be in the sentence."""
    return max(family.groups, key=lambda group: min(map(len, group)))


@lru_cache(maxsize=None)
def _stems() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """The first letters of every family's anchor words and their inflected forms, with its kind and
    language, by their first three letters: a sentence holding no word that starts like one is not read for that kind and language."""
    index: dict[str, set[tuple[str, str, str]]] = {}
    for family in signal_families.FAMILIES:
        anchor = _anchor(family)
        inflected = [form for form, lemma in lemmas.forms(family.lang).items() if lemma in anchor]
        for word in (*anchor, *inflected):
            # a long word by its first letters ("annul" for "annulée"); a short one whole, with its forms
            index.setdefault(word[:3], set()).add((word[:STEM] if len(word) > STEM else word + " ", family.kind, family.lang))
    return {key: tuple(values) for key, values in index.items()}


@lru_cache(maxsize=SENTENCE_CACHE)
def _readings(folded: str) -> frozenset[tuple[str, str]]:
    """The (kind, language) pairs a folded sentence may say: read once for both kinds."""
    stems, found = _stems(), set()
    for token in lemmas.TOKEN.findall(folded):
        whole = token + " "
        for stem, kind, lang in stems.get(token[:3], ()):
            if whole.startswith(stem):
                found.add((kind, lang))
        if len(token) > 7:
            found.update((kind, lang) for lang in ("de", "nl") if token.endswith(_heads(lang))
                         for kind in (AT_RISK, ANGRY))
    return frozenset(found)


@lru_cache(maxsize=None)
def _by_anchor(kind: str, lang: str) -> dict[str, tuple[int, ...]]:
    """Each anchor word of the kind's families in ``lang``, with the positions of the families it anchors."""
    index: dict[str, list[int]] = {}
    for n, family in enumerate(_BY.get((kind, lang), ())):
        for word in _anchor(family):
            index.setdefault(word, []).append(n)
    return {word: tuple(ns) for word, ns in index.items()}


def _candidates(kind: str, lang: str, words: frozenset[str]) -> list[SignalFamily]:
    """The families whose anchor group the sentence holds, in their order: the only ones worth testing."""
    index, families = _by_anchor(kind, lang), _BY.get((kind, lang), ())
    return [families[n] for n in sorted({n for word in words for n in index.get(word, ())})]


def matching(folded: str, kind: str, langs: Iterable[str], *, question: bool = False) -> tuple[SignalFamily, ...]:
    """The at-risk or angry families (``kind``) a folded sentence says, trying ``langs`` in order.

    Every group of a family present and none of its ``unless`` words; a negation reaching its words
    turns it around, unless the family's statement is the negation ("we will not work with you
    again"); anger only supposed ("it would be unacceptable") or that is praise ("ridiculously
    fast") is none. A ``question`` says only what the families that are ``asked`` say.
    """
    readings = _readings(folded)
    angry = kind == ANGRY
    for lang in langs:
        if (kind, lang) not in readings:
            continue
        clauses, words = _read(folded, lang)
        found = []
        for family in _candidates(kind, lang, words):
            if (question and not family.asked) or not all(group & words for group in family.groups) or (
                    family.unless & words):
                continue
            # For anger, a negation turns a word around only from before it; where the negation is
            # the statement ("I shouldn't have to chase", "dit kan echt niet") it may stand anywhere.
            if family.negated is not None and _negated(
                    family, clauses, lang, before_only=angry and not family.negated) != family.negated:
                continue
            if angry and (_supposed(family, clauses) or (not family.negated and _praise(family, clauses))):
                continue
            found.append(family)
        if found:
            return tuple(found)
    return ()


_BY: dict[tuple[str, str], tuple[SignalFamily, ...]] = {
    (kind, lang): tuple(f for f in signal_families.FAMILIES if (f.kind, f.lang) == (kind, lang))
    for kind in (AT_RISK, ANGRY) for lang in lemmas.LANGUAGES}

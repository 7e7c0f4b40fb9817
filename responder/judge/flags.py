"""Thread flags: what the returning employee must look at first, with the sentence that says why.

Pure core: text and values in, signals out; storing and listing them is the store's job.

Four kinds, in the order the digest sorts them (the severity is that order as a number):

* ``at_risk`` — the client says they are cancelling, moving to another supplier, escalating to
  management, or threatens legal action;
* ``no_information`` — the delegate told the client he had no information (:mod:`responder.detector`);
* ``unanswered`` — the client's last message has had no human answer for too many business hours;
* ``angry`` — strong dissatisfaction.

``at_risk`` and ``angry`` read the client's *new* text only (never quotes, never the delegate's or
the employee's own mail, never lists, bulk or robots), one sentence at a time, and skip a
sentence where the phrase is negated in its own clause ("we are not cancelling", "nous n'allons
pas changer de prestataire") or asked as a question. Conditionals differ on purpose: "if this is
not fixed by Friday we will cancel the contract" is an ultimatum, so it counts as ``at_risk``;
"it would be unacceptable if…" is a hypothesis, not anger, so it does not count as ``angry``.
Each lexicon is data: phrasing families written from how people say these things in mail, as
:class:`~responder.judge.cues.Cue` values in responder/judge/cues/ with the examples and traps
that tests/unit/test_cues.py runs; where no phrase matches, the lemma families of
:mod:`responder.judge.cues.signal_families` (tests/unit/test_signal_cues.py) catch the other
tenses, word orders and wordings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from responder.judge import lemmas, signal_lemmas
from responder.judge.cues import alternation, angry, at_risk, keys_of
from responder.judge.detector import Finding, fold_text, split_sentences
from responder.judge.parties import Party
from responder.judge.unanswered import AUTO as AUTO  # the unanswered rule's names, read from here too
from responder.judge.unanswered import CLIENT as CLIENT
from responder.judge.unanswered import HUMAN as HUMAN
from responder.judge.unanswered import Post, WorkingDay, answered_since, business_hours_between, overdue
from responder.judge.unanswered import request_sentence as request_sentence
from responder.mail.mime.model import ParsedMessage

__all__ = [
    "AT_RISK", "ANGRY", "NO_INFORMATION", "UNANSWERED", "SEVERITY", "KINDS", "Signal", "Post", "WorkingDay",
    "at_risk_sentence", "angry_sentence", "for_message", "business_hours_between", "answered_since", "overdue",
]

AT_RISK, NO_INFORMATION, UNANSWERED, ANGRY = "at_risk", "no_information", "unanswered", "angry"
# Most severe first, as the digest reads them; higher number = more severe.
KINDS = (AT_RISK, NO_INFORMATION, UNANSWERED, ANGRY)
SEVERITY = {kind: len(KINDS) - rank for rank, kind in enumerate(KINDS)}



@dataclass(frozen=True)
class Signal:
    """One flag a message raises: its kind, severity, the sentence(s) as written, and for
    ``no_information`` how it was seen (authored, quoted or reported)."""

    kind: str
    sentence: str
    evidence: str | None = None

    @property
    def severity(self) -> int:
        return SEVERITY[self.kind]


# ---- lexicons -------------------------------------------------------------------------------
# Patterns read a lower-cased text with plain apostrophes and single spaces (detector.fold_text).

# A negation in the phrase's own clause turns it around: "we are not cancelling", "je ne suis pas déçu".
_NEGATION = re.compile(
    r"\b(?:not|never|no|without|n't|nothing|neither|nor|nobody|hardly|ne|n'|pas|jamais|aucune?|sans|nullement|"
    r"nicht|kein\w*|nie|niemals|ohne|niet|geen|nooit|zonder)\b|n't\b|\bn'")
# Phrases that hold a negation word but assert the threat: "we will not hesitate to take legal action".
_AFFIRMING = re.compile(
    r"\b(?:not hesitate|won't hesitate|wouldn't hesitate|will not hesitate|no (?:other )?(?:choice|option|alternative) "
    r"(?:but|than)|not have (?:any )?(?:other )?(?:choice|option)|left with no (?:choice|option)|nothing (?:left|else) "
    r"(?:to do )?but|n'hésiterons pas|n'hésiterai pas|ne pas hésiter|pas d'autre (?:choix|solution|option) que|"
    r"n'avons (?:plus )?(?:d'autre|le) choix|ne (?:nous|me) laissez (?:pas|guère) le choix|nicht zögern|keine andere wahl|"
    r"geen andere keuze|niet aarzelen|not (?:happy|satisfied|pleased) at all|pas du tout (?:satisfaite?s?|contente?s?))\b")
# Where a clause starts: the negation must lie between it and the phrase.
_CLAUSE_START = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\b(?:but|and|so|mais|et|donc|car|aber|und|doch|maar)\b")
# A hypothesis before the phrase ("it would be unacceptable if…", "s'il fallait…"): not anger.
_HYPOTHESIS = re.compile(
    r"\b(?:if|unless|in case|should (?:you|this|it|the)|would|could|might|were (?:you|it) to|si|au cas où|serait|"
    r"seraient|serais|pourrait|wenn|falls|wäre|würde|als het|indien|zou|zouden)\b|\bs'(?:il|ils|elle)\b")
# Sayings that use the words without the feeling.
_NOT_ANGRY = re.compile(
    r"\b(?:no(?:t)? (?:a )?problem|pas de (?:souci|problème)|kein problem|geen probleem|"
    r"sorry to hear (?:you|that you)|désolée? que vous|unbelievable (?:value|price|offer)|ridiculously (?:cheap|good|fast)|"
    # resignation is no anger: "…but that's life"
    r"that's life|c'est la vie|so ist das leben|zo gaat dat|tant pis|never mind|pas grave|nicht schlimm|niet erg|"
    # good wishes are no anger either: "disappointed to hear you'll be away, enjoy the break!"
    r"enjoy|profitez|genießen sie|geniet)\b"
    # a strong word that praises: "belachelijk snel", "unverschämt günstig"
    r"|\b(?:ridiculous(?:ly)?|insane(?:ly)?|absurd(?:ly)?|outrageous(?:ly)?|unbelievabl[ey]|belachelijk|waanzinnig|onwijs|"
    r"unverschämt|wahnsinnig|lächerlich|irre|unglaublich|schandalig|ridiculement|incroyablement|scandaleusement|follement) (?:"
    + "|".join(sorted(signal_lemmas.PRAISED)) + r")\b")
# Clauses the at-risk phrases must not come from: the writer relaying someone else's supplier change etc.
_THIRD_PARTY = re.compile(r"\b(?:our (?:client|customer|tenant)s? (?:is|are|has|have)|another client|un autre client|"
                          r"(?:un de )?nos (?:clients|locataires)|notre (?:client|locataire) (?:a|va)|"
                          r"(?:einer )?unserer (?:kunden|mieter)|unser (?:kunde|mieter) (?:hat|wird)|"
                          r"(?:een|één) van onze (?:klanten|huurders)|onze (?:klant|huurder) (?:heeft|gaat)|"
                          r"one of our (?:clients|customers))\b")

_AT_RISK_RE = re.compile(alternation(at_risk.CUES))
_ANGRY_RE = re.compile(alternation(angry.CUES))
# Cheap first tests: every at-risk or angry phrase holds a word starting with one of its family's
# stems (the cues' keys), looked up in a set (a regex alternation of 150 stems costs more than the
# sentence is worth).
_AT_RISK_STEMS = frozenset(keys_of(at_risk.CUES))
_ANGRY_STEMS = frozenset(keys_of(angry.CUES))
_WORD = re.compile(r"[^\W\d_]+")

# A client says they are leaving, or how angry they are, near the top of what they write; a 50 KB
# pasted log below it costs time and tells nothing more.
TEXT_READ = 4000


def _by_first_letters(stems: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Stems grouped by their first two letters: one dict lookup and one startswith per word."""
    index: dict[str, list[str]] = {}
    for stem in stems:
        index.setdefault(stem[:2], []).append(stem)
    return {key: tuple(values) for key, values in index.items()}


_AT_RISK_INDEX = _by_first_letters(_AT_RISK_STEMS)
_ANGRY_INDEX = _by_first_letters(_ANGRY_STEMS)


def _has_stem(folded: str, index: dict[str, tuple[str, ...]]) -> bool:
    """Whether a word of ``folded`` starts with one of the indexed stems."""
    for word in _WORD.findall(folded):
        candidates = index.get(word[:2])
        if candidates is not None and word.startswith(candidates):
            return True
    return False


# A condition inside the clause: negations after it belong to the condition, not to the phrase.
_CONDITION = re.compile(r"\b(?:if|unless|si|sauf si|à moins qu|wenn|falls|sofern|als|tenzij|indien)\b")


def _negated(folded: str, at: int) -> bool:
    """Whether a negation word lies in the phrase's own clause, before it or inside its first words."""
    clause_start = 0
    for m in _CLAUSE_START.finditer(folded, 0, at):
        clause_start = m.end()
    window = _AFFIRMING.sub(" ", folded[clause_start:at])
    condition = None
    for condition in _CONDITION.finditer(window):
        pass
    if condition is not None:  # "if nothing changes we will…": that negation is the condition's
        window = window[:condition.start()]
    return _NEGATION.search(window) is not None


def _matches(folded: str, pattern: re.Pattern[str], index: dict[str, tuple[str, ...]], *, conditional_ok: bool) -> bool:
    """Whether ``folded`` (one sentence) holds a phrase of ``pattern`` that is not negated, asked or supposed."""
    if not _has_stem(folded, index):
        return False
    for m in pattern.finditer(folded):
        phrase = m.group(0)
        if _NEGATION.search(_AFFIRMING.sub(" ", phrase)) and not _negation_is_the_phrase(phrase):
            continue
        if not _negation_is_the_phrase(phrase) and _negated(folded, m.start()):
            continue
        if folded.rstrip().endswith("?"):
            continue
        if not conditional_ok and _HYPOTHESIS.search(folded, 0, m.start()):
            continue
        return True
    return False


# Phrases whose own negation is the point ("not acceptable", "pas sérieux", "toujours pas de réponse").
_NEGATIVE_PHRASE = re.compile(
    r"^(?:not |no longer |ne pas |ne plus |ne \w+ (?:pas|plus) |pas |peu |nicht |niet |still no|yet again no|once again no|still without|yet again without|"
    r"once again without|toujours pas|encore pas|toujours aucun|encore aucun|geen|keine|kein)")


def _negation_is_the_phrase(phrase: str) -> bool:
    return _NEGATIVE_PHRASE.search(phrase) is not None


def folded_sentences(text: str) -> list[tuple[str, str]]:
    """Each sentence with its folded form, computed once for every rule that reads them."""
    return [(sentence, fold_text(sentence)) for sentence in split_sentences(text[:TEXT_READ])]


def _said_on_lemmas(folded: str, kind: str, language: str | None) -> bool:
    """Whether a lemma family of ``kind`` says it, where no phrase did, reading the message's language
    first; with the negations of "no choice but", "will not hesitate" taken as the assertions they are.
    "Still nothing?!" is an exclamation, not a question."""
    ending = folded.rstrip()[-3:]
    langs = (*((language,) if language in lemmas.LANGUAGES else ()),
             *(lang for lang in lemmas.LANGUAGES if lang != language))
    return bool(signal_lemmas.matching(_AFFIRMING.sub(" ", folded), kind, langs,
                                       question="?" in ending and "!" not in ending))


# A sentence asking the reader to send something is no threat: "if someone else uploads, please send me
# their name", "si vous avez la liste des autres bureaux, je suis preneur".
_ASKS = re.compile(r"\bje suis preneur\b|\bgraag ontvang")


def at_risk_sentence(text: str, sentences: list[tuple[str, str]] | None = None, *,
                     language: str | None = None) -> str | None:
    """The first sentence of ``text`` (a client's own new text, in ``language``) saying the account is at risk, or None."""
    sentences = sentences if sentences is not None else folded_sentences(text)
    for sentence, folded in sentences:
        if not _THIRD_PARTY.search(folded) and _matches(folded, _AT_RISK_RE, _AT_RISK_INDEX, conditional_ok=True):
            return sentence
    for sentence, folded in sentences:
        if not _THIRD_PARTY.search(folded) and not lemmas.asks_for_theirs(folded) and not _ASKS.search(folded) and _said_on_lemmas(
                folded, AT_RISK, language):
            return sentence
    return None


# Questions that are not asked: exasperation in question form ("are you kidding?", "how many times
# do I have to ask?"). Every other question is skipped by the angry rule.
_RHETORICAL = re.compile(
    r"\b(?:are you (?:kidding|joking)|are you (?:being )?serious(?= ?\?)|you (?:must be|have got to be|'ve got to be) (?:kidding|joking)|"
    r"is (?:this|that) (?:some kind of |a )(?:joke|farce)|"
    r"how many (?:more )?times (?:do|must|will|shall|should|have|did) (?:i|we) (?:have to |need to |got to )?"
    r"(?:ask|tell|remind|write|chase|repeat|call|explain|send)|"
    r"vous (?:vous )?(?:plaisantez|moquez)|(?:c'est|est-ce) une (?:blague|plaisanterie)|"
    r"combien de fois (?:dois-je|devrai-je|faut-il|devons-nous|vais-je devoir|allons-nous devoir|faudra-t-il) (?:encore )?"
    r"(?:vous )?(?:demander|relancer|répéter|écrire|rappeler|expliquer|envoyer)|"
    r"vous (?:vous )?(?:fichez|foutez) de (?:moi|nous)|"
    r"soll das ein (?:witz|scherz) sein|wie oft (?:muss|soll|müssen|sollen) (?:ich|wir) (?:noch )?"
    r"(?:fragen|nachfragen|schreiben|erinnern|anrufen)|"
    r"is dit een grap|hoe vaak (?:moet|moeten) (?:ik|we|wij) (?:nog )?(?:vragen|mailen|bellen|herinneren))\b")


# Shouting: a run of capitals ("NOG STEEDS GEEN WERKTEKENINGEN") or a word in capitals with "!!" ("JETZT!!!"),
# unless it is joy ("GREAT news, thanks!!").
_JOY = re.compile(r"\b(?:thank|thanks|great|super|bravo|perfect|congratulations|merci|parfait|génial|félicitations|danke|"
                  r"love|loved|lovely|amazing|fantastic|wonderful|granted|brilliant|excellent|formidable|génial|geweldig|"
                  r"fantastisch|prima|wunderbar|toll|"
                  r"toll|perfekt|glückwunsch|bedankt|dank|perfect|gefeliciteerd|top|yes|oui|ja)\b")


# "Again!!", "Encore une fois !!", "Schon wieder!!", "Alweer!!": the same failure once more, shouted.
_AGAIN = re.compile(r"\b(?:again|encore|wieder|alweer|weer|opnieuw|erneut)\b")


def _shouting(sentence: str, folded: str) -> bool:
    if _JOY.search(folded):
        return False
    capitals = [word for word in _WORD.findall(sentence) if len(word) >= 3 and word.isupper()]
    return len(capitals) >= 4 or ("!!" in sentence and (bool(capitals) or _AGAIN.search(folded) is not None))


def angry_sentence(text: str, sentences: list[tuple[str, str]] | None = None, *,
                   language: str | None = None) -> str | None:
    """The first sentence of ``text`` (a client's own new text, in ``language``) showing strong dissatisfaction, or None."""
    sentences = [(s, f) for s, f in (sentences if sentences is not None else folded_sentences(text))
                 if not _NOT_ANGRY.search(f)]
    for sentence, folded in sentences:
        if folded.rstrip().endswith("?") and _RHETORICAL.search(folded):
            return sentence
        if _matches(folded, _ANGRY_RE, _ANGRY_INDEX, conditional_ok=False) or _shouting(sentence, folded):
            return sentence
    for sentence, folded in sentences:
        if _said_on_lemmas(folded, ANGRY, language):
            return sentence
    return _emphasis(sentences)


# Words written in capitals inside running text to shout them: "nous n'avons JAMAIS validé", "BITTE …
# ENDLICH". Negations and "again" count alone; other words from two on (one may be a product name).
_SHOUTED_ALONE = frozenset("NOT NEVER AGAIN NOW PAS JAMAIS ENCORE ENFIN NICHT NIE NIEMALS WIEDER ENDLICH JETZT "
                           "NIET NOOIT WEER EINDELIJK NU".split())


def _emphasis(sentences: list[tuple[str, str]]) -> str | None:
    """The first sentence that shouts, when the text shouts in capitals inside running text and nowhere rejoices."""
    if any(_JOY.search(folded) for _, folded in sentences):
        return None
    shouted: list[tuple[str, str]] = []
    for sentence, _ in sentences:
        words = _WORD.findall(sentence)
        if sum(word.islower() for word in words) < max(2, sum(word.isupper() for word in words)):
            continue  # a heading, a notice, a signature, a name in capitals: not emphasis inside running text
        shouted += [(sentence, word) for word in words if word.isupper() and (len(word) >= 5 or word in _SHOUTED_ALONE)]
    if any(word in _SHOUTED_ALONE for _, word in shouted) or len(shouted) >= 2:
        return shouted[0][0]
    return None


def for_message(parsed: ParsedMessage, finding: Finding | None, *, sender: Party,
                sentences: list[tuple[str, str]] | None = None, language: str | None = None) -> list[Signal]:
    """The flags one message raises, most severe first.

    ``finding`` is the no-information detector's answer for this message. ``at_risk`` and
    ``angry`` are read only in an outside human's own new text (``judge.parties``): not in mail
    from the firm, not in robots', lists' or no-reply senders' mail.
    """
    signals: list[Signal] = []
    if not (sender.outside_human and parsed.new_text):
        sentences = []
    elif sentences is None:
        sentences = folded_sentences(parsed.new_text)
    if sentences:
        risk = at_risk_sentence("", sentences, language=language)
        if risk:
            signals.append(Signal(AT_RISK, risk))
    if finding is not None:
        signals.append(Signal(NO_INFORMATION, finding.sentence, finding.evidence))
    if sentences:
        anger = angry_sentence("", sentences, language=language)
        if anger:
            signals.append(Signal(ANGRY, anger))
    return signals


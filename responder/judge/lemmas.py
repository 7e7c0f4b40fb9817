"""Stonewalls recognised on lemmas, where the phrase patterns of the detector find nothing.

A sentence is lemmatised in the language it is written in (through a table of the family words'
inflected forms taken from simplemma's FR/EN/DE/NL dictionaries, see scripts/build_lemma_forms.py), and matched against :mod:`responder.judge.cues.lemma_families`: every
lemma group of a family present, a negation of that language when the family needs one, and the
writer speaking of himself when it must be his own statement. A sentence that asks the reader
for something, is hypothetical or gives substance (an attachment, an amount, a next step with a
time) is not a stonewall, whatever its words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from responder.judge.cues.lemma_families import FAMILIES, LemmaFamily
from responder.mail import language

LANGUAGES = ("fr", "en", "de", "nl")
TOKEN = re.compile(r"n't|[^\W\d_]+", re.UNICODE)
NEGATION_WORDS = {
    "en": frozenset("not no never nothing none nobody neither nor cannot unable without n't".split()),
    "fr": frozenset("ne n pas aucun aucune rien jamais personne guère nullement sans".split()),
    "de": frozenset("nicht kein keine keinen keinem keiner keines nie niemals nichts ohne".split()),
    "nl": frozenset("niet geen nooit niets niks zonder noch".split()),
}


def _negation_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A sentence-level test built from the words: "n" stands for the elided "n'", "n't" ends a verb."""
    plain = sorted(w for w in words if w != "n't")
    return re.compile(r"\b(?:" + "|".join(map(re.escape, plain)) + r")\b" + (r"|n't\b" if "n't" in words else ""))


_NEGATION = {lang: _negation_pattern(words) for lang, words in NEGATION_WORDS.items()}
_SECOND_PERSON = {
    "en": re.compile(r"\b(?:you|your)\b"),
    "fr": re.compile(r"\b(?:vous|tu|votre|vos)\b"),
    "de": re.compile(r"\b(?:sie|du|ihnen|ihr|ihre)\b"),
    "nl": re.compile(r"\b(?:u|je|jij|jullie|uw)\b"),
}
# The writer as the one things were (not) given to: "passed on to me", "on ne m'a rien transmis".
_ME = {
    "en": re.compile(r"\b(?:me|myself)\b"),
    "fr": re.compile(r"\b(?:moi)\b|\bm'"),
    "de": re.compile(r"\b(?:mir|mich)\b"),
    "nl": re.compile(r"\b(?:mij|me)\b"),
}
_FIRST_PERSON = {
    "en": re.compile(r"\b(?:i|me|my|myself)\b|\bi'"),
    "fr": re.compile(r"\b(?:je|moi|me|mon|ma|mes)\b|\b[jm]'"),
    "de": re.compile(r"\b(?:ich|mir|mich|mein|meine|meinem|meinen|meiner)\b"),
    "nl": re.compile(r"\b(?:ik|mij|me|mijn)\b"),
}
# A date or a time: an answer when it is not the date she comes back.
_WHEN = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th|er|\.)?\s*(?:jan|feb|fév|mar|mär|apr|avr|may|mai|mei|jun|juin|jul|juil|aug|aoû|"
    r"sep|oct|okt|nov|dec|déc|dez)[a-zéû]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b"
    r"|\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b|\b\d{1,2}[:h]\d{2}\b|\b\d{1,2} ?(?:h|uhr)\b"
    r"|\b(?:week|semaine|kw|woche|wk) ?\d{1,2}\b")
# Words of her absence and return: a date beside them is when she is back, not an answer.
_RETURN = re.compile(r"\b(?:back|return|returns|returning|available|reachable|office|holiday|leave|absence|absent|"
                     r"retour|revient|rentre|disponible|joignable|bureau|congé|vacances|absente?|"
                     r"zurück|rückkehr|wieder|erreichbar|anwesend|büro|urlaub|abwesend|"
                     r"terug|terugkomst|terugkeer|weer|bereikbaar|aanwezig|kantoor|vakantie|afwezig)\b")
# Lines that introduce a quote carry its date and time: they are no answer.
_ATTRIBUTION_LINE = re.compile(r"^.*(?:\bwrote:|a écrit ?:|schrieb:|schreef:|^\s*(?:from|de|von|van|sent|envoyé|"
                               r"gesendet|verzonden|date|datum|to|à|an|aan)\s?:).*$", re.MULTILINE)
# How close a date must stand to "back", "retour", "Rückkehr", "terug" to be her return, not an answer.
RETURN_REACH = 50
# Asking the reader for their own things: what is missing is theirs, not the brief's.
_ASKS_FOR_THEIRS = re.compile(
    r"\b(?:could|can|would) you (?:please |kindly )?(?:send|forward|give|provide|share) (?:me|us)\b"
    r"|\b(?:please )?(?:send|forward|provide|share) (?:me|us)\b|\bi need (?:\w+ ){0,4}from you\b"
    r"|\b(?:pouvez|pourriez)-vous (?:me|nous) (?:les |le |la |l'|en )?(?:envoyer|transmettre|faire parvenir|"
    r"communiquer|renvoyer|fournir)\b"
    r"|\bmerci de (?:me|nous) (?:les |le |la |l'|en )?(?:envoyer|transmettre|faire parvenir|communiquer|renvoyer)\b"
    r"|\b(?:envoyez|transmettez|faites)-(?:moi|nous)\b|\bil me manque (?:votre|vos)\b|\bj'ai besoin de (?:votre|vos)\b"
    r"|\b(?:können|könnten) sie [^.?!]{0,80}\b(?:mir|uns)\b[^.?!]{0,60}\b(?:schicken|senden|zusenden|übermitteln|geben|"
    r"einrichten)\b"
    r"|\b(?:schicken|senden|geben) sie (?:\w+ )?(?:mir|uns)\b|\b(?:schick|sende|gib) (?:\w+ )?(?:mir|uns)\b"
    r"|\bsend (?:it|them|this|that) (?:to )?(?:me|us)\b|\benvoie-(?:moi|nous)\b|\bstuur (?:\w+ )?(?:me|mij|ons)\b|\bbrauche ich von ihnen\b|\bbrauche ich (?:noch )?(?:ihre|ihren|ihr)\b|\bich brauche (?:\w+ ){0,4}von ihnen\b"
    r"|\b(?:kunt|zou) u (?:mij|me|ons) [^.?!]{0,80}\b(?:sturen|bezorgen|doorsturen|toesturen|geven)\b"
    r"|\b(?:stuur|stuurt u) (?:me|mij|ons)\b|\b(?:heb|hebben) (?:ik|we|wij) (?:\w+ ){0,4}van (?:u|jou|je) nodig\b")

# Substance: the writer answers after all (a document, an amount, a next step with a time).
_SUBSTANCE = re.compile(
    r"\b(?:here is|here are|voici|hier ist|hier sind|hierbij)\b"
    # handed to the one who knows, copied in: "Ms Dewandre (en copie) will answer you"
    r"|\b(?:in copy|in cc|cc'd|copied in|en copie|en cc|in kopie|in cc gesetzt|in de cc)\b"
    r"|\d[\d .,]*\s?(?:€|eur\b|euros?\b|%|m²|m2\b|k€|chf\b|kg\b|kn\b|kw\b|kva\b|mm\b|cm\b|t\b|lux\b)|[€$£]\s?\d"
    r"|\b(?:i'll|i will|i am going to|let me|je vais|je vous (?:envoie|enverrai|confirme|rappelle|reviens|transmets)|"
    r"je (?:regarde|vérifie|rappelle|contacte)|ich werde|ich (?:rufe|schicke|sende|melde|kläre|prüfe|gebe)|"
    r"ik (?:zal|laat|bel|stuur|zoek|kom)|will|va|vont|wird|werden|zal|zullen)\b"
    r"[^.!?]{0,100}\b(?:by|before|tomorrow|today|tonight|d'ici|avant|demain|aujourd'hui|ce soir|bis|morgen|heute|"
    r"voor|vandaag|vanavond|monday|tuesday|wednesday|thursday|friday|lundi|mardi|mercredi|jeudi|vendredi|montag|"
    r"dienstag|mittwoch|donnerstag|freitag|maandag|dinsdag|woensdag|donderdag|vrijdag|\d{1,2} ?(?:h|uhr|u)\b)")
# A report that he answered after all: "…but then he sent the plan the same afternoon".
_ANSWERED_LATER = re.compile(
    r"\b(?:but|then|later|mais|puis|ensuite|aber|dann|später|maar|toen|later)\b[^.!?]{0,140}\b(?:sent|send|answered|"
    r"replied|found|called|rang|sorted|envoyé|répondu|trouvé|retrouvé|rappelé|transmis|confirmé|geschickt|gesendet|"
    r"beantwortet|gefunden|geliefert|zurückgerufen|angerufen|gestuurd|beantwoord|gevonden|geleverd|teruggebeld|"
    r"gebeld)\b")
# The date of the mail being answered is no answer: "thank you for your email of 13 July".
_MAIL_OF = re.compile(r"(?:e-?mail|mail|message|courriel|nachricht|schreiben|bericht|bericht) (?:of|du|dated|vom|van)"
                      r"\s*$")
# A document handed over: not the one the reader sent ("thank you for the attached drawings").
_ATTACHED = re.compile(r"\b(?:attached|attachment|enclosed|ci-joint|ci-jointe|pièce jointe|en pj|anbei|im anhang|"
                       r"beigefügt|anliegend|bijgevoegd|bijgevoegde|in de bijlage|bijlage)\b")
_THANKS_FOR = re.compile(r"(?:thank(?:s| you) for|merci (?:pour|de)|danke für|vielen dank für|dank voor|bedankt voor)"
                         r"[^.!?]{0,40}$")


def _prefilter() -> re.Pattern[str]:
    """A sentence worth lemmatising holds a negation, or a word of a family that needs none: built
    from the families, so a new family brings its own pre-check."""
    words = {word for family in FAMILIES if not family.negated for group in family.groups for word in group
             if not word.startswith("@")}
    return re.compile("|".join([*(p.pattern for p in _NEGATION.values()),
                                r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")"]))


_PREFILTER = _prefilter()


def negation_at(folded: str) -> int:
    """Where the first negation of any language stands (the end when there is none): a condition or a
    request after it does not make the statement hypothetical."""
    found = [m.start() for pattern in _NEGATION.values() if (m := pattern.search(folded))]
    return min(found, default=len(folded))


def has_substance(text: str, *, dates: bool = True) -> bool:
    """Whether the delegate's words answer after all: a document, an amount, a dated fact that is not
    her return (unless ``dates`` is False: a report dates the question too), a next step with a
    time, or a request for the reader's own papers."""
    folded = " ".join(_ATTRIBUTION_LINE.sub(" ", text.lower()).split())
    if _SUBSTANCE.search(folded) or _ASKS_FOR_THEIRS.search(folded) or _ANSWERED_LATER.search(folded):
        return True
    if any(not _THANKS_FOR.search(folded, max(0, m.start() - 60), m.start()) for m in _ATTACHED.finditer(folded)):
        return True
    return dates and any(not _RETURN.search(folded, max(0, m.start() - RETURN_REACH), m.end() + RETURN_REACH)
                         and not _MAIL_OF.search(folded, max(0, m.start() - 30), m.start())
                         for m in _WHEN.finditer(folded))


@lru_cache(maxsize=1)
def _forms() -> dict[str, dict[str, str]]:
    """Inflected form → lemma for the families' words (scripts/build_lemma_forms.py writes it from simplemma's
    dictionaries): a few thousand entries, read in milliseconds, where the whole dictionaries take seconds."""
    table: dict[str, dict[str, str]] = json.loads(resources.files("responder.judge.cues").joinpath(
        "lemma_forms.json").read_text(encoding="utf-8"))
    return table


def forms(lang: str) -> dict[str, str]:
    """The inflected forms of the families' words in ``lang``, each with its lemma."""
    return _forms().get(lang, {})


def _lemma(word: str, lang: str) -> str:
    """The lemma of a lower-case word when it is a form of a family word; else the word itself."""
    return _forms().get(lang, {}).get(word, word)


# A negation reaches the words of its own clause only, and not far: "Pas d'inquiétude, c'est pris en
# charge" negates nothing about the charge.
NEGATION_REACH = 6
_CLAUSE = re.compile(r"[,;:()\u2013\u2014]| - ")


def split_clauses(folded: str, lang: str) -> list[list[tuple[str, str]]]:
    """Each clause's words, each with its lemma: the unit a negation reaches (stonewall, at-risk and angry alike)."""
    out = []
    for clause in _CLAUSE.split(folded.replace("n't", " n't")):
        tokens = TOKEN.findall(clause)
        out.append([(token, _lemma(token, lang)) for token in tokens])
    return out


def _words(clauses: list[list[tuple[str, str]]], names: tuple[str, ...]) -> set[str]:
    words = {w for clause in clauses for pair in clause for w in pair}
    if any(name in words or f"{name}s" in words for name in names):  # "Claire", "Claires Projekt"
        words.add("@employee")
    return words


def _negation_reaches(family: LemmaFamily, clauses: list[list[tuple[str, str]]], lang: str) -> bool:
    """A negation in the same clause as one of the family's words, at most NEGATION_REACH words away."""
    negations = NEGATION_WORDS[lang]
    cues = frozenset().union(*family.groups)
    for clause in clauses:
        negated_at = [i for i, (token, _) in enumerate(clause) if token in negations]
        if not negated_at:
            continue
        for i, (token, lemma) in enumerate(clause):
            if (token in cues or lemma in cues) and any(abs(i - n) <= NEGATION_REACH for n in negated_at):
                return True
    return False


def matching_families(folded: str, *, person: str, langs: Iterable[str],
                      names: tuple[str, ...] = ()) -> tuple[LemmaFamily, ...]:
    """The families a folded sentence says, trying ``langs`` in order.

    ``person`` "first" reads the delegate's own words: a family that needs the writer speaking of
    himself fires on a first-person sentence or on a subjectless fragment ("No idea, sorry."),
    never on one about the reader. "third" reads a report about him. ``names`` are the employee's
    (the "@employee" lemma).
    """
    if not _PREFILTER.search(folded) and not any(name in folded for name in names):
        return ()
    for lang in langs:
        negated = _NEGATION[lang].search(folded) is not None
        reader = _SECOND_PERSON[lang].search(folded) is not None
        first = _FIRST_PERSON[lang].search(folded) is not None or not reader
        clauses: list[list[tuple[str, str]]] | None = None
        words: set[str] = set()
        found = []
        for family in _BY_LANG.get(lang, ()):
            if (family.negated and not negated) or (family.reader_absent and reader
                                                      and not _ME[lang].search(folded)):
                continue
            if family.person == "first" and person == "first" and not first:
                continue
            if clauses is None:
                clauses = split_clauses(folded, lang)
                words = _words(clauses, names)
            if all(group & words for group in family.groups) and (
                    not family.negated or _negation_reaches(family, clauses, lang)):
                found.append(family)
        if found:
            return tuple(found)
    return ()


def sentence_languages(sentence: str, hint: str | None) -> tuple[str, ...]:
    """The languages to read a sentence in: its own, then the message's."""
    own = language.detect(sentence, fallback=hint)
    return tuple(dict.fromkeys(lang for lang in (own, hint) if lang in LANGUAGES)) or ("en",)


_BY_LANG: dict[str, tuple[LemmaFamily, ...]] = {
    lang: tuple(f for f in FAMILIES if f.lang == lang) for lang in LANGUAGES}



def asks_for_theirs(folded: str) -> bool:
    """Whether a folded sentence asks the reader to send something of theirs ("could you send me…")."""
    return _ASKS_FOR_THEIRS.search(folded) is not None

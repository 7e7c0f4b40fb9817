"""Text matching shared by the sorter and the excerpt choice: tokens, concepts and BM25.

Briefs are written in the project's language, clients write in theirs (a Dutch museum asking
about an English brief, a German engineer about a French one). Tokens are stemmed with the
brief's Snowball stemmer and folded to plain letters; on top of them each word that names a
common business concept (schedule, invoice, permit, contact…) in any supported language adds a
language-neutral concept token, so "Rechnung", "factuur" and "invoice" meet.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s import stopwords as bm25_stopwords

# bm25s sets its own logger to DEBUG on import and logs every index it builds; a library must not
# choose the service's log level.
logging.getLogger("bm25s").setLevel(logging.WARNING)

STEMMERS = {"fr": "french", "en": "english", "de": "german", "nl": "dutch", "es": "spanish", "it": "italian", "pt": "portuguese"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# French and Italian elisions ("l'entreprise", "qu'il", "dell'edificio") glue a clitic to a word.
_ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|dell|all|nell|sull)['’]", re.IGNORECASE)

# Language-neutral concepts, as folded word prefixes in en, fr, nl, de, es. Generic business mail
# vocabulary only: what a client asks about, whatever the project.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "schedule": ("schedul", "planning", "calendri", "echeanc", "deadline", "delai", "timeline", "zeitplan",
                 "frist", "tijdlijn", "wanneer", "when", "quand", "wann", "date", "datum", "fecha",
                 "cronogram", "retroplan", "jalon", "milestone", "mijlpaal"),
    "invoice": ("invoic", "factur", "factuur", "rechnung", "bill", "paiement", "payment", "betaling", "zahlung",
                "pago", "honorair", "fees", "credit", "credit note", "acompte", "deposit", "betaal", "bezahl"),
    "price": ("price", "pricing", "prix", "prijs", "preis", "precio", "cost", "cout", "kosten", "devis", "quote",
              "offerte", "angebot", "tarif", "budget", "montant", "amount", "bedrag", "betrag"),
    "contact": ("contact", "phone", "telephon", "telefoon", "telefon", "joindre", "reach", "bereik", "erreich",
                "interlocut", "responsable", "ansprechpartner"),
    "meeting": ("meeting", "reunion", "vergader", "besprechung", "sitzung", "rendez", "appointment", "afspraak",
                "visio", "call", "overleg"),
    "delivery": ("deliver", "livraison", "livrer", "livrable", "levering", "geleverd", "geliefer", "liefer", "entrega",
                 "shipment", "transport", "handover", "remise", "oplever", "ubergabe"),
    "permit": ("permit", "permis", "vergunning", "genehmig", "bewilligung", "licence", "license", "urbanism"),
    "access": ("access", "acces", "toegang", "zugang", "zufahrt", "parking", "badge", "loading", "logistic", "logistiq",
               "werf", "baustelle"),
    "report": ("report", "rapport", "verslag", "bericht", "prufbericht", "inspection", "inspect", "keuring",
               "prufung", "minutes", "compte rendu"),
    "urgent": ("urgen", "dringend", "spoed", "emergency", "fuite", "leak", "lek", "leck", "infiltr", "degat",
               "damage", "schade", "schaden", "panne", "breakdown"),
    "material": ("material", "materiau", "materiaal", "finish", "finition", "afwerking", "oberflach", "colour",
                 "color", "couleur", "kleur", "farbe", "teinte", "sample", "echantillon", "staal", "muster"),
    "contract": ("contract", "contrat", "marche", "vertrag", "overeenkomst", "avenant", "amendment", "clause",
                 "bestelling", "bon de commande", "purchase order", "order"),
}
# Prefix → concept; where two concepts share a prefix, the first listed wins.
_CONCEPT_OF_PREFIX: dict[str, str] = {}
for _concept, _prefixes in CONCEPTS.items():
    for _prefix in _prefixes:
        if " " not in _prefix:
            _CONCEPT_OF_PREFIX.setdefault(_prefix, _concept)
_PREFIX_LENGTHS = sorted({len(p) for p in _CONCEPT_OF_PREFIX}, reverse=True)


class _CombiningMarks(dict[int, int | None]):
    """str.translate table that drops combining marks, filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _CombiningMarks()


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Échéancier" and "echeancier" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed if decomposed.isascii() else decomposed.translate(_DROP_COMBINING)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("STOPWORDS_EN_PLUS", "STOPWORDS_FRENCH", "STOPWORDS_DUTCH", "STOPWORDS_GERMAN", "STOPWORDS_SPANISH"):
        words.update(fold(w) for w in getattr(bm25_stopwords, name))
    words.update(("bonjour", "hello", "merci", "thanks", "thank", "regards", "cordialement", "dear", "madame",
                  "monsieur", "hi", "beste", "groeten", "gruss", "grusse", "vielen", "dank", "bien", "best",
                  "please", "svp", "mail", "email", "message", "re", "fw", "tr", "aw", "wg"))
    return frozenset(words)


@lru_cache(maxsize=16)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS.get(language, "english"))


def concept_of(folded_word: str) -> str | None:
    """The concept a folded word names, if any: its longest prefix in the table decides."""
    for length in _PREFIX_LENGTHS:
        if length <= len(folded_word):
            concept = _CONCEPT_OF_PREFIX.get(folded_word[:length])
            if concept is not None:
                return concept
    return None


@lru_cache(maxsize=200_000)
def _analyse(word: str, language: str) -> tuple[str | None, str | None]:
    """(stem, concept) of one lower-cased word; (None, None) for a stop word. Cached: mail repeats words."""
    folded = fold(word)
    if folded in _stopwords():
        return None, None
    concept = concept_of(folded)
    return fold(_stemmer(language).stemWord(word)), (f"@{concept}" if concept else None)


def tokens(text: str, language: str) -> list[str]:
    """Stemmed, folded, stop-word-free tokens of ``text``, plus one ``@concept`` token per concept word."""
    return list(_recent_tokens(text, language))


@lru_cache(maxsize=32)
def _recent_tokens(text: str, language: str) -> tuple[str, ...]:
    """:func:`tokens`, remembered for the last few texts: the sorter, the section choice and the
    delegate's handover all read the same question, in the same languages."""
    stems: list[str] = []
    concepts: list[str] = []
    for word in _words(text):
        stem, concept = _analyse(word, language)
        if stem:
            stems.append(stem)
        if concept:
            concepts.append(concept)
    return (*stems, *concepts)


@lru_cache(maxsize=8)
def _words(text: str) -> tuple[str, ...]:
    """The lower-cased words of ``text`` worth stemming, the same in every language it is read in."""
    return tuple(word for word in _WORD.findall(_ELISION.sub(" ", text.casefold())) if len(word) > 1 or word.isdigit())


@dataclass(frozen=True)
class Ranked:
    index: int
    score: float


class SectionIndex:
    """BM25 over a small set of documents (sections of briefs), each in its own language.

    A query is tokenized once per language present, so a French section and an English one
    are both matched by the stems their own language would give.
    """

    def __init__(self, documents: list[str], languages: list[str] | str) -> None:
        langs = [languages] * len(documents) if isinstance(languages, str) else list(languages)
        self.languages = tuple(dict.fromkeys(langs)) or ("en",)
        self.size = len(documents)
        self._vocabulary: set[str] = set()
        corpus = [tokens(doc, lang) or ["\u2205"] for doc, lang in zip(documents, langs, strict=True)]
        for doc in corpus:
            self._vocabulary.update(doc)
        self._bm25 = bm25s.BM25(k1=1.2, b=0.5)
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def query_tokens(self, query: str) -> list[str]:
        """The query's tokens that occur somewhere in the index, in every indexed language."""
        found: dict[str, None] = {}
        for language in self.languages:
            for token in tokens(query, language):
                if token in self._vocabulary:
                    found[token] = None
        return list(found)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of ``query`` against each document (zeros when nothing matches)."""
        query_tokens = self.query_tokens(query)
        if not query_tokens or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_tokens), dtype=np.float32)

    def rank(self, query: str) -> list[Ranked]:
        """Documents by decreasing score, ties in document order."""
        values = self.scores(query).tolist()  # Python floats, the same values as float() of each
        order = sorted(range(self.size), key=lambda i: (-values[i], i))
        return [Ranked(i, values[i]) for i in order]

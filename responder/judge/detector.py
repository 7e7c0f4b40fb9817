"""Find the delegate telling a client he has no information until the employee is back.

Pure core: reads a parsed message, returns where the statement was found, or None.

Three places, by evidence type, in this priority:

* ``authored`` — the delegate's own new text, in a message he sent to someone outside the firm;
* ``quoted`` — a quoted block of another message whose attribution names the delegate (only that
  block's own words are read, never deeper quotes);
* ``reported`` — a client saying so in their own new text ("your colleague told me he knew nothing").

Precision matters more than recall (a false accusation is costly): a sentence must hold a
first-person (or, for reports, third-person) "no information / not briefed / cannot answer until
she is back" phrase, and is dropped when it asks the reader to send something (the missing thing
is then the client's own data), says no further information is needed, or is negated or
hypothetical ("it's not that I have no information", "if you have no information").

The lexicon is data: phrasing families (lacking information, not briefed, knowing nothing,
knowing no more than the client, the handover saying nothing, waiting for her return, and their
reported forms) as :class:`~responder.judge.cues.Cue` values in responder/judge/cues/, each with
the examples and traps that tests/unit/test_cues.py runs. The labelled
snippets in tests/fixtures/noinfo_heldout.jsonl are for measuring only, never for choosing a
pattern: ``python -m tests.unit.test_detector`` prints the figures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from responder.judge.cues import alternation, families_in, keys_of, starts_of
from responder.judge.cues.no_information import FIRST_PERSON
from responder.judge.cues.reported import THIRD_PERSON
from responder.judge.parties import Directory
from responder.mail.mime.model import ParsedMessage
from responder.mail.quoting import own_text

__all__ = ["Finding", "detect", "first_person_sentence", "fold_text", "reported_sentence", "split_sentences"]


@dataclass(frozen=True)
class Finding:
    """Where the statement was found and the sentence(s) that say it, as written."""

    evidence: str  # "authored" | "quoted" | "reported"
    sentence: str
    rules: tuple[str, ...] = ()  # the cue families recognised in the sentence (see ``rules_of``)


def rules_of(evidence: str, sentence: str) -> tuple[str, ...]:
    """Which families of ``judge.cues`` the sentence matches; "wait-for-employee" when only her name did."""
    folded = fold_text(sentence)
    found = families_in(folded, THIRD_PERSON) if evidence == "reported" else ()
    return found or families_in(folded, FIRST_PERSON) or ("no_information:wait-for-employee",)


# ---- lexicon --------------------------------------------------------------------------------
# All patterns run on a lower-cased, accent-kept text where typographic apostrophes are plain.
# The first- and third-person families live in responder/judge/cues/; these frame them.

# Someone reporting what the colleague (or "they") answered.
_REPORTING = [
    # the colleague himself, or an impersonal "I was told" (which, to the absent employee, is her office)
    r"\byour (?:colleague|co-worker|coworker|replacement|deputy|backup|stand-in|associate|partner)\b",
    r"\bthe (?:colleague|person|architect|engineer|project manager) (?:covering|standing in|replacing|in charge)\b",
    r"\b(?:i|we) (?:was|were) (?:told|informed|answered)\b",
    r"\b(?:votre|ton|ta|vos) (?:collègue|collaborateur|collaboratrice|remplaçant|remplaçante|associé|confrère)s?\b",
    r"\bon (?:m'|nous )(?:a|avait) (?:dit|répondu|expliqué|écrit|indiqué|affirmé|signalé|fait savoir|"
    r"précisé|assuré|confirmé)\b",
    r"\bm'a été (?:dit|répondu|expliqué|indiqué)\b",
    r"\b(?:remplaçant|remplaçante|intérimaire)\b",
    r"\b(?:ihr|ihre|ihrem|ihren|ihrer|dein|deine|deinem|deinen|deiner) (?:kollege|kollegen|kollegin|vertreter|"
    r"vertreterin|vertretung|stellvertreter|stellvertretung)\b",
    r"\b(?:uw|je|jouw|jullie) (?:collega|vervanger|vervangster)\b",
    r"\b(?:your|votre|ton|ihr|ihrem|uw|jullie|je) (?:office|bureau|büro|kantoor)\b",
]
# Someone said something: about the colleague only when the message speaks of him somewhere.
_SAYING = [
    r"\b(?:he|she) (?:told|informed|answered|replied to|wrote to) (?:me|us)\b",
    r"\b(?:he|she|they) (?:said|replied|answered|responded|explained|wrote|claimed|admitted|told me|told us)\b",
    r"\b(?:il|elle) (?:m'|nous )(?:a|avait) (?:dit|répondu|expliqué|écrit|indiqué|affirmé|signalé|fait savoir|"
    r"précisé|assuré|confirmé)\b",
    r"\bm'a (?:dit|répondu|expliqué|indiqué)\b",
    r"\b(?:me|nous) (?:signale|signalait|dit|disait|rapporte|indique|explique|écrit) qu",
    r"\b(?:hat|habe) (?:mir|uns) (?:gesagt|geschrieben|geantwortet|mitgeteilt|erklärt)\b",
    r"\b(?:sagte|meinte|schrieb|antwortete)\b",
    r"\b(?:zei|vertelde|antwoordde|schreef|meldde)\b",
    r"\bheeft (?:me|mij|ons) (?:gezegd|verteld|geantwoord|geschreven|laten weten)\b",
]

# Sentences that are not the statement although they hold its words.
_REJECT = [
    # asking the reader for their own data
    r"\b(?:could|can|would|will) you (?:please |kindly |)?(?:send|provide|forward|share|give|tell|confirm|resend|"
    r"re-send|let me have|remind|email|mail|check)\b",
    r"\bplease (?:send|provide|forward|share|give|confirm|resend|let me know|tell)\b",
    r"\b(?:your|the client's) (?:po|purchase order|order|invoice|reference|ref|account|customer|client|"
    r"phone|address|vat|contract|booking|ticket|file number|number|id)\b",
    r"\b(?:from you|de votre part|von ihnen|van u|van jou)\b",
    r"\b(?:pouvez|pourriez|pourrais|peux|voudriez)[- ](?:vous|tu) (?:me |m'|nous |svp |s'il vous plaît |)?"
    r"(?:envoyer|transmettre|communiquer|faire parvenir|renvoyer|fournir|donner|préciser|indiquer|confirmer|rappeler)\b",
    r"\bmerci de (?:bien vouloir )?(?:me |m'|nous )?(?:envoyer|transmettre|communiquer|faire parvenir|renvoyer|"
    r"fournir|donner|préciser|indiquer|confirmer|rappeler)\b",
    r"\b(?:votre|vos) (?:numéro|bon de commande|commande|facture|référence|adresse|n° de|coordonnées|contrat)\b",
    r"\b(?:könnten|können|würden) sie (?:mir |uns )?(?:bitte )?(?:\w+ ){0,3}(?:schicken|senden|zusenden|mitteilen|geben)\b",
    r"\b(?:kunt|zou) (?:u|je) (?:me |mij |ons )?(?:\w+ ){0,3}(?:sturen|bezorgen|doorsturen|geven|bezorgen)\b",
    # no further information needed
    r"\bno (?:further|more|additional|other) (?:\w+ )?(?:information|info|details)\b",
    r"\b(?:information|info|details) (?:is |are )?(?:not )?(?:needed|required|necessary)\b",
    r"\bpas besoin d(?:'|e )",
    r"\b(?:informations?|infos?|détails?) (?:supplémentaires?|complémentaires?) (?:ne sont |n'est )?"
    r"(?:pas )?(?:nécessaires?|requises?)",
    r"\baucune? (?:autre )?(?:information|précision)s? (?:supplémentaires?|complémentaires?) (?:n'est|ne sont|n')",
    r"\bkeine weiteren (?:informationen|angaben)\b",
    r"\bgeen (?:verdere|extra|aanvullende) (?:informatie|gegevens)\b",
    # negated or hypothetical
    r"\b(?:it's|it is|it was) not (?:that|because)\b",
    r"\bnot that\b",
    r"\b(?:ce n'est|c'est) pas (?:que|parce que)\b",
    r"\bnon pas que\b",
    r"\bnicht dass\b",
    r"\bniet dat\b",
]

# Conditionals: they make the statement hypothetical only when they come before it.
_CONDITIONAL = [
    r"\b(?:if|in case|whether|unless|should) (?:you|i|he|she|they|we)\b",
    r"\b(?:si|au cas où) (?:vous|tu|je|j'|il|elle|on|nous)\b",
    r"\bs'(?:il|ils) (?!vous pla[iî]t|te pla[iî]t)",
    r"\b(?:wenn|falls|ob) (?:sie|du|ich|er|wir)\b",
    r"\b(?:als|indien|mocht) (?:u|je|jij|ik|hij|zij|ze|we)\b",
]

# The words a first-person statement can start with (each family's ``starts``): a lookahead that
# lets the long alternation be tried at a few positions of a sentence rather than at every character.
_FIRST_WORDS = "|".join(starts_of(FIRST_PERSON))
_FIRST_RE = re.compile(rf"(?:^|\b)(?=(?:{_FIRST_WORDS})\b)(?:" + alternation(FIRST_PERSON) + ")")
_THIRD_RE = re.compile(alternation(THIRD_PERSON))
REPORT_RE = re.compile("|".join(f"(?:{p})" for p in _REPORTING))
SAYING_RE = re.compile("|".join(f"(?:{p})" for p in _SAYING))
_REJECT_RE = re.compile("|".join(f"(?:{p})" for p in _REJECT))
_CONDITIONAL_RE = re.compile("|".join(f"(?:{p})" for p in _CONDITIONAL))
# Every statement holds one of its family's keys (a negation, a lack, a wait, a return): a cheap
# first test that spares most sentences the long patterns above.
_TRIGGER = re.compile("|".join(keys_of((*FIRST_PERSON, *THIRD_PERSON))))

# A question about the reader ("do you have no information?") is not a statement.
_QUESTION_TO_READER = re.compile(r"\b(?:do you|don't you|avez-vous|n'avez-vous|haben sie|heeft u|hebt u)\b")

# Sentence ends: . ! ? … followed by space, or a blank line. Single newlines are wrapping.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)\]]*\s+|\n\s*\n")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
_APOSTROPHE_CHARS = tuple(chr(code) for code in _APOSTROPHES)


def fold_text(text: str) -> str:
    """Lower case, plain apostrophes, one space between words: what the patterns read.

    ``str.split()`` cuts at the whitespace ``\\s`` matches; the character-by-character
    ``translate`` only runs on text that holds one of the apostrophes.
    """
    if any(apostrophe in text for apostrophe in _APOSTROPHE_CHARS):
        text = text.translate(_APOSTROPHES)
    return " ".join(text.lower().split())


# A period after a title or an initial ends no sentence ("M. Lemieux", "J. Smith"), nor after a
# short abbreviation when a number or a small letter follows ("rév. 4", "p. 12", "etc. and").
_TITLES = frozenset("m mm mme mmes mlle mlles mr mrs ms dr drs pr prof me st ste hr fr dhr mevr".split())
_ABBREVIATIONS = frozenset("etc cf env ex vs resp approx art fig vol ch no nr nos tel tél réf ref rév rev ca bzw usw evtl "
                           "ggf inkl vgl bijv incl excl min max av bd p pp".split())
_WORD_BEFORE_PERIOD = re.compile(r"(?:^|[^\w.])((?:[^\W\d_]\.)*[^\W\d_]+)\.$")


def _ends_sentence(body: str, end: re.Match[str]) -> bool:
    """Whether the punctuation before ``end`` closes a sentence (see _TITLES and _ABBREVIATIONS)."""
    at = end.start()
    if body[at - 1:at] != "." or "\n\n" in end.group(0).replace(" ", "").replace("\t", ""):
        return True
    word = _WORD_BEFORE_PERIOD.search(body, max(0, at - 16), at)
    if word is None:
        return True
    token = word.group(1)
    if "." in token or token.lower() in _TITLES or (len(token) == 1 and token.isupper()):
        return False  # e.g., i.e., p.ex.; M., Dr.; J.
    following = body[end.end():end.end() + 1]
    return not (token.lower() in _ABBREVIATIONS and (following.islower() or following.isdigit()))


def split_sentences(text: str) -> list[str]:
    """Sentences as written (stripped), with quoting '>' prefixes left out."""
    lines = [line for line in text.split("\n") if not line.lstrip().startswith(">")]
    body = "\n".join(lines)
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(body):
        if not _ends_sentence(body, m):
            continue
        piece = body[start:m.start() + (len(m.group(0)) - len(m.group(0).lstrip("\"”»)]")))].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = body[start:].strip()
    if tail:
        out.append(tail)
    return out


def _is_statement(folded: str, pattern: re.Pattern[str]) -> bool:
    m = pattern.search(folded) if _TRIGGER.search(folded) else None
    if m is None:
        return False
    return not rejected(folded, m.start())


def rejected(folded: str, at: int) -> bool:
    """Whether a sentence whose statement starts at ``at`` is a request, a negation or a hypothesis."""
    if _REJECT_RE.search(folded) or _QUESTION_TO_READER.search(folded):
        return True
    cond = _CONDITIONAL_RE.search(folded)
    return cond is not None and cond.start() <= at


def first_person_sentence(text: str, employee_names: tuple[str, ...] = ()) -> str | None:
    """The first sentence of ``text`` in which the writer says he has no information, or None.

    ``employee_names`` (lower case, no accents) adds "you'll have to wait for <her name>"."""
    wait = _wait_for(employee_names)
    for sentence in split_sentences(text):
        folded = fold_text(sentence)
        if _is_statement(folded, _FIRST_RE):
            return sentence
        if wait is not None and _is_statement(folded, wait):
            return sentence
    return None


@lru_cache(maxsize=16)
def _wait_for(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Waiting for the employee herself, by name: "you'll have to wait for Claire", "wacht op Claire"."""
    if not names:
        return None
    who = "|".join(_accent_tolerant(n) for n in names)
    return re.compile(
        rf"\b(?:(?:have|need) to|best to|better to|please) wait (?:for|until|till) (?:{who})\b"
        rf"|\b(?:attendre|voir avec|demander à) (?:{who})(?: (?:à son retour|quand elle|quand il|lorsqu))"
        rf"|\b(?:auf|warten bis) (?:frau |herrn? )?(?:{who})\b[^.;]{{0,30}}\bwarten\b"
        rf"|\bwachten (?:op|tot) (?:{who})\b")


_VOWELS = {"a": "[aàâä]", "e": "[eéèêë]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]"}


def _accent_tolerant(name: str) -> str:
    """A pattern for an ASCII name that also matches it written with accents (helene, Hélène)."""
    return "".join(_VOWELS.get(c, re.escape(c)) for c in name)


@lru_cache(maxsize=8)
def employee_names(addresses: frozenset[str]) -> tuple[str, ...]:
    """Name-like parts of the employee's addresses ("claire.martin@" gives claire, martin)."""
    parts = {t for a in addresses for t in re.split(r"[._\-+]", a.partition("@")[0].lower()) if len(t) >= 3}
    return tuple(sorted(parts))


# A line that starts a deeper quote inside a block: where that author's own words end.
_NESTED = re.compile(
    r"^(?:_{8,}|-{4,} ?\w|>|(?:from|de|von|van|envoyé|sent|gesendet|verzonden) ?:|on .{4,120} wrote:|"
    r"le .{4,120} a écrit ?:|am .{4,120} schrieb|op .{4,120} schreef)", re.IGNORECASE | re.MULTILINE)


def own_words(text: str) -> str:
    """A block's words up to its first nested quote: the fallback when the splitter finds too little."""
    m = _NESTED.search(text)
    return text[:m.start()] if m else text


def name_tokens(delegate_name: str) -> list[str]:
    """The delegate's name tokens worth matching in text (first and last names, 3+ letters)."""
    return [t for t in fold_text(_strip_accents(delegate_name)).replace(",", " ").split() if len(t) >= 3]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def reported_sentence(text: str, delegate_name: str) -> str | None:
    """The first sentence of ``text`` reporting that the colleague said he had no information."""
    name_re = name_pattern(tuple(name_tokens(delegate_name)))
    whole = fold_text(text)
    about_him = REPORT_RE.search(whole) is not None or (name_re is not None and name_re.search(whole) is not None)
    if not about_him:
        return None
    sentences = split_sentences(text)
    for i, sentence in enumerate(sentences):
        folded = fold_text(sentence)
        if not (REPORT_RE.search(folded) or SAYING_RE.search(folded) or (name_re and name_re.search(folded))):
            continue
        if _TRIGGER.search(folded):
            third = _THIRD_RE.search(folded)
            if third is not None:
                if rejected(folded, third.start()):
                    continue
                return sentence
            # "Your colleague told me: 'I have no information...'" — his words, quoted in the report.
            if not _REJECT_RE.search(folded) and _FIRST_RE.search(folded) and _says_in_quotes(folded):
                return sentence
        if i + 1 < len(sentences) and _SAYS_AT_END.search(folded):
            nxt = fold_text(sentences[i + 1])
            first = _FIRST_RE.search(nxt)
            if first is not None and not rejected(nxt, first.start()):
                return f"{sentence} {sentences[i + 1]}"
    return None


@lru_cache(maxsize=16)
def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(_accent_tolerant(n) for n in names) + r")\b")


_SAYS_BEFORE_QUOTE = (r"\b(?:said|says|told (?:me|us)|replied|answered|wrote|explained|dit|répondu|répond|écrit|"
                      r"expliqué|gesagt|geschrieben|geantwortet|sagte|schrieb|zei|gezegd|geantwoord|schreef)"
                      r"(?: (?:me|to me|us|to us|mir|uns|me|mij|ons))?\s*[:«\"“]")
_QUOTED_WORDS = re.compile(_SAYS_BEFORE_QUOTE + r"\s*[«\"“']?[^:«\"“]*\b(?:i|je|j'|ich|ik)\b")
_SAYS_AT_END = re.compile(_SAYS_BEFORE_QUOTE + r"\s*$")


def _says_in_quotes(folded: str) -> bool:
    """A first-person phrase inside a report is the colleague's words only after "said:" or a quote mark."""
    return _QUOTED_WORDS.search(folded) is not None


def is_delegate(name: str | None, address: str | None, delegate_address: str, delegate_name: str) -> bool:
    if address and address.lower() == delegate_address:
        return True
    if not name:
        return False
    wanted = set(name_tokens(delegate_name))
    got = set(name_tokens(name))
    return len(wanted) >= 2 and wanted <= got


def to_client(parsed: ParsedMessage, directory: Directory) -> bool:
    """Whether the delegate's message goes to a client (``Directory.may_be_client``), or to nobody
    known: telling a supplier he has nothing on file is no stonewall of a client."""
    recipients = [a.key for a in (*parsed.to, *parsed.cc) if a.address]
    return not recipients or any(directory.may_be_client(r) for r in recipients)


def detect(parsed: ParsedMessage, *, directory: Directory, delegate_name: str, mass_or_robot: bool) -> Finding | None:
    """Where this message shows the delegate telling a client he has no information, or None.

    Who is the delegate, the employee or the firm comes from ``directory`` (``judge.parties``).
    """
    if mass_or_robot:
        return None
    delegate_address = directory.delegate_address
    employees = directory.employee_addresses
    names = employee_names(employees)
    sender = parsed.from_.key if parsed.from_ else ""
    if sender == delegate_address:
        if to_client(parsed, directory):
            found = first_person_sentence(parsed.new_text, names)
            if found:
                return Finding("authored", found)
    for block in parsed.quoted:
        if is_delegate(block.author_name, block.author_address, delegate_address, delegate_name):
            own = own_text(block)
            found = first_person_sentence(own, names)
            if found is None:
                fallback = own_words(block.text)
                found = first_person_sentence(fallback, names) if fallback.strip() != own.strip() else None
            if found:
                return Finding("quoted", found)
    if sender and sender != delegate_address and sender not in employees:
        found = reported_sentence(parsed.new_text, delegate_name)
        if found:
            return Finding("reported", found)
    return None

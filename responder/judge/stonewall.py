"""Did the delegate tell a client he had no information? The detector's phrases, then lemmas, then substance.

Who speaks to whom decides where to look (``judge.detector``): the delegate's own mail to a client
(listed, or from a personal mailbox; not a supplier), a block quoted or forwarded under his attribution, or an outside sender
reporting what he said. In each place the detector's phrase families are tried first; where they
find nothing, the lemma families (``judge.lemmas``) are, so tenses, word order and idioms without
the word "information" are read too. Either way, the delegate's words are no stonewall when they
carry substance: a document, an amount, a next step with a time.

Where both find nothing, and only when asked (``[detection] semantic``), the doubt zone is read for
meaning (``judge.semantic``): the same places and the same substance test decide which sentences
are candidates, and the one closest to the lemma families' examples is the finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from responder.judge import detector, lemmas, semantic
from responder.judge.cues.lemma_families import LemmaFamily
from responder.judge.detector import Finding
from responder.judge.parties import Directory
from responder.mail.mime.model import ParsedMessage
from responder.mail.quoting import own_text
from responder.mail.quoting.model import QuotedBlock

# Sentences that speak of the delegate in a client's report: a pronoun for him, or the reporting
# words the detector knows ("your colleague", "on m'a dit", "Ihr Kollege", "uw collega").
_HIM = {"he", "him", "his", "il", "lui", "ihm", "hij", "hem"}
_SENDS_BACK = {"ask her directly", "sent back to her"}
_YOU = {"you", "vous", "sie", "ihnen", "u"}
_SELF = {"i", "we", "je", "j'", "nous", "ich", "wir", "ik", "wij", "we"}


def find(parsed: ParsedMessage, *, directory: Directory, delegate_name: str, mass_or_robot: bool,
         language: str | None = None, semantic_search: bool = False) -> Finding | None:
    """Where this message shows the delegate stonewalling a client, or None (see the module docstring).

    ``semantic_search``: where the rules find nothing, score the doubt zone's sentences by meaning.
    """
    if mass_or_robot:
        return None
    finding = detector.detect(parsed, directory=directory, delegate_name=delegate_name, mass_or_robot=False)
    if finding is not None and finding.evidence in ("authored", "quoted") and lemmas.has_substance(
            _delegate_words(parsed, directory, delegate_name, finding.evidence)):
        finding = None
    if finding is not None:
        return finding
    finding = _by_lemmas(parsed, directory, delegate_name, language)
    if finding is None and semantic_search:
        finding = _by_meaning(parsed, directory, delegate_name)
    return finding


def _delegate_words(parsed: ParsedMessage, directory: Directory, delegate_name: str, evidence: str) -> str:
    if evidence == "authored":
        return parsed.new_text
    return "\n".join(own_text(block) for block in _delegate_blocks(parsed, directory, delegate_name))


def _delegate_blocks(parsed: ParsedMessage, directory: Directory, delegate_name: str) -> list[QuotedBlock]:
    return [block for block in parsed.quoted
            if detector.is_delegate(block.author_name, block.author_address, directory.delegate_address, delegate_name)]


def _by_lemmas(parsed: ParsedMessage, directory: Directory, delegate_name: str, hint: str | None) -> Finding | None:
    sender = parsed.from_.key if parsed.from_ else ""
    names = detector.employee_names(directory.employee_addresses)
    if sender == directory.delegate_address and detector.to_client(parsed, directory):
        found = _first_person(parsed.new_text, hint, names, own_language=False)
        if found is not None:
            return Finding("authored", *found)
    for block in _delegate_blocks(parsed, directory, delegate_name):
        found = _first_person(own_text(block), hint, names)
        if found is not None:
            return Finding("quoted", *found)
    if sender and not directory.is_ours(sender):  # a client or a partner reports; the firm's own people do not
        to_him = any(a.key == directory.delegate_address for a in parsed.to)
        found = _reported(parsed.new_text, delegate_name, hint, names, to_him=to_him)
        if found is not None:
            return Finding("reported", *found)
    return None


def _first_person(text: str, hint: str | None, names: tuple[str, ...], *,
                  own_language: bool = True) -> tuple[str, tuple[str, ...]] | None:
    """The first sentence in which the writer says he cannot help, unless his words carry substance.

    ``own_language``: read each sentence in the language it is written in (a quoted or forwarded
    block may be in another language than the message); else in the message's (``hint``).
    """
    if not text.strip() or lemmas.has_substance(text):
        return None
    for sentence in detector.split_sentences(text):
        folded = detector.fold_text(sentence)
        langs = lemmas.sentence_languages(sentence, hint) if own_language or hint is None else (hint,)
        families = lemmas.matching_families(folded, person="first", langs=langs, names=names)
        if families and detector.rejected(folded, len(folded)):
            # A request is no stonewall, unless it is the one that sends the client back to her.
            families = tuple(f for f in families if f.family in _SENDS_BACK)
        if families:
            return sentence, _ids(families)
    return None


def _reported(text: str, delegate_name: str, hint: str | None, names: tuple[str, ...], *,
              to_him: bool) -> tuple[str, tuple[str, ...]] | None:
    """A sentence of an outside sender reporting that the delegate could not help."""
    for sentence, folded in _about_him(text, delegate_name, to_him=to_him):
        langs = (hint,) if hint in lemmas.LANGUAGES else lemmas.sentence_languages(sentence, hint)
        families = lemmas.matching_families(folded, person="third", langs=langs, names=names)
        if families:
            return sentence, _ids(families)
    return None


def _about_him(text: str, delegate_name: str, *, to_him: bool) -> Iterator[tuple[str, str]]:
    """The sentences (as written, and folded) of an outside sender's text that may report what the delegate said.

    The sentence names him ("Mr Durand", "your colleague", "on m'a dit"), or follows one that does
    (a report goes on: "Answer: nothing on file."), or, in mail written to him, addresses him.
    """
    his_name = detector.name_pattern(tuple(detector.name_tokens(delegate_name)))
    previous_names_him = False
    for sentence in detector.split_sentences(text):
        folded = detector.fold_text(sentence)
        words = set(detector.fold_text(sentence.replace(",", " ")).split())
        names_him = bool(detector.REPORT_RE.search(folded) or (his_name is not None and his_name.search(folded)))
        about_him = (names_him or previous_names_him or (to_him and bool(_YOU & words)))
        if len(words) > 3:
            previous_names_him = names_him
        if (not about_him or folded.endswith("?") or detector.rejected(folded, lemmas.negation_at(folded))
                or lemmas.has_substance(sentence, dates=False)):
            continue  # a question to the reader asks, it reports nothing
        if _SELF & words and not (names_him or _HIM & words):
            continue  # the writer speaks of himself ("I can't tell you yet"), not of the delegate
        yield sentence, folded


def _by_meaning(parsed: ParsedMessage, directory: Directory, delegate_name: str) -> Finding | None:
    """The doubt zone read for meaning: the sentences the rules would have read, where the delegate's
    words carry no substance, scored against the lemma families' examples (``judge.semantic``)."""
    candidates: list[tuple[str, str]] = []
    sender = parsed.from_.key if parsed.from_ else ""
    if sender == directory.delegate_address and detector.to_client(parsed, directory):
        candidates += _unanswered("authored", parsed.new_text)
    for block in _delegate_blocks(parsed, directory, delegate_name):
        candidates += _unanswered("quoted", own_text(block))
    if sender and not directory.is_ours(sender):
        to_him = any(a.key == directory.delegate_address for a in parsed.to)
        candidates += [("reported", sentence) for sentence, _ in _about_him(parsed.new_text, delegate_name, to_him=to_him)]
    match = semantic.best([sentence for _, sentence in candidates])
    if match is None:
        return None
    evidence, sentence = candidates[match.index]
    return Finding(evidence, sentence, (match.rule,))


def _unanswered(evidence: str, text: str) -> list[tuple[str, str]]:
    """The sentences of the delegate's own words, unless they carry substance."""
    if not text.strip() or lemmas.has_substance(text):
        return []
    return [(evidence, sentence) for sentence in detector.split_sentences(text)]


def _ids(families: tuple[LemmaFamily, ...]) -> tuple[str, ...]:
    return tuple(f"lemma:{family.lang}:{family.family}" for family in families)

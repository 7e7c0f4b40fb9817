"""Separating what the sender wrote from their signature, sign-off and legal footer.

Downstream consumers (language detection, the no-information detector, excerpt ranking) should
see sentences, not "Cordialement, / Jean Dupont / T +33 …" nor a confidentiality notice that
says "confidential" and "information" in four languages.
"""

from __future__ import annotations

import re

_DASHES = re.compile(r"^--\s*$")  # RFC 3676 "-- "; many clients drop the trailing space
_MOBILE = re.compile(
    r"^(?:Sent from my|Sent from Outlook|Sent from Mail for|Get Outlook for|Envoy[ée] de mon|Envoy[ée] depuis"
    r"|Obtenir Outlook pour|Von meinem .{1,40} gesendet|Gesendet von|Verzonden (?:vanaf|met) mijn"
    r"|Verstuurd vanaf mijn|Enviado desde mi|Inviato da)\b",
    re.IGNORECASE,
)
_SIGNOFF_WORDS = (
    r"(?:(?:with )?(?:best|kind|kindest|warm|warmest|many) (?:regards|wishes|thanks)|best|regards|thanks(?: again"
    r"| in advance| a lot| so much)?|thank you(?: in advance| very much| so much)?|cheers|sincerely|yours(?: sincerely"
    r"| truly| faithfully)?|all the best|talk soon|speak soon|take care|with thanks|respectfully|warmly"
    r"|(?:bien |tr[eè]s )?cordialement|cordiales salutations|(?:meilleures |sinc[eè]res )?salutations(?: distingu[ée]es)?"
    r"|bien [àa] (?:vous|toi)|(?:bien )?amicalement|amiti[ée]s|[àa] bient[ôo]t|au plaisir|bises|bisous|bonne (?:journ[ée]e"
    r"|fin de journ[ée]e|soir[ée]e|semaine|fin de semaine|continuation)|merci(?: beaucoup| d['’]avance| par avance"
    r"| encore| bien)?|mit (?:freundlichen|besten|herzlichen) gr(?:ü|ue|u)(?:ß|ss)en|freundliche gr(?:ü|ue|u)(?:ß|ss)e"
    r"|(?:viele|beste|liebe|herzliche|sch[öo]ne) gr(?:ü|ue|u)(?:ß|ss)e|gr(?:ü|ue|u)(?:ß|ss)e|gru(?:ß|ss)|mfg|lg|vg"
    r"|vielen dank|danke(?: sch[öo]n)?|(?:met )?vriendelijke groet(?:en)?|(?:met )?hartelijke groet(?:en)?"
    r"|groet(?:en|jes)?|mvg|alvast bedankt|bedankt|hartelijk dank|dank (?:je|u)(?: wel)?|tot (?:ziens|snel)"
    r"|saludos(?: cordiales)?|un saludo|atentamente|cordiales saludos|gracias|cordiali saluti|saluti|grazie)"
)
_SIGNOFF = re.compile(rf"^{_SIGNOFF_WORDS}\b(?P<rest>[\s,.!]*.{{0,40}})$", re.IGNORECASE)
# "Merci et bonnes vacances," / "Thanks and have a good break!" just above the name.
_SIGNOFF_PHRASE = re.compile(rf"^{_SIGNOFF_WORDS}\b.{{0,40}}[,!]$", re.IGNORECASE)
_FORMAL_CLOSING = re.compile(
    r"^(?:je vous prie d['’]agr[ée]er|veuillez agr[ée]er|nous vous prions d['’]agr[ée]er|recevez)\b.{0,160}"
    r"(?:salutations|sentiments|consid[ée]ration|respect)\b.{0,30}$",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]*|de|van|von|der|den|du|la|le|da|di|del|des|ter|ten|&)"
_CREDENTIALS = r"(?:,\s*[\w.]+(?:\s[\w.]+)?)?"  # "Jane Roe, P.Eng.", "Jean Dupont, architecte"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}{_CREDENTIALS},?$")
# Capitalised one-word replies that are not names ("Yes." is checked without its full stop anyway).
_NOT_NAMES = frozenset({"yes", "no", "ok", "okay", "done", "sure", "great", "perfect", "fine", "noted", "agreed",
                        "oui", "non", "parfait", "super", "entendu", "ja", "nee", "nein", "gerne", "prima", "top",
                        "klopt", "akkoord", "genau", "urgent", "dringend", "voilà", "voila"})
_CONTACT = re.compile(
    r"(?:(?:\+|00)\d[\d\s()./-]{6,}\d|\b0\d[\d\s./-]{6,}\d|\b(?:tel|tél|phone|mobile|mob|gsm|fax|cell)\b\.?"
    r"|^[TMFEW]\s?[:.]?\s?[+\d]|@[\w-]+\.\w|\bwww\.|https?://)",
    re.IGNORECASE,
)
_CONFIDENTIAL = re.compile(
    r"confidenti|vertrouwelijk|vertraulich|riservat|privileged|privil[ée]gi", re.IGNORECASE
)
_ADDRESSEE = re.compile(
    r"intended|addressee|recipient|destinataire|geadresseerde|bestemd|bestimmt|adressat|empf[äa]nger"
    r"|destinatari|received (?:this|it) in error|par erreur|per vergissing|irrt[üu]mlich|por error|per errore"
    r"|unauthori[sz]ed|strictly prohibited|interdit|verboten|niet toegestaan",
    re.IGNORECASE,
)
_NOTICE_HEAD = re.compile(
    r"^\W*(?:disclaimer|avertissement|confidentiality notice|legal notice|avis de confidentialit[ée]"
    r"|mention l[ée]gale|haftungsausschluss|vertraulichkeitshinweis|aviso legal)\b",
    re.IGNORECASE,
)
_ECO = re.compile(
    r"before printing|think before you print|avant d['’]imprimer|pensez [àa] l['’]environnement"
    r"|vor dem ausdrucken|denk aan het milieu|voordat u (?:deze e-mail )?(?:af)?print",
    re.IGNORECASE,
)
_TAIL_LINES = 12  # a sign-off is followed by a name block, never by more than this


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the blank-line-separated paragraphs."""
    result: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            result.append((start, i))
            start = None
    return result


def is_disclaimer(paragraph: str) -> bool:
    """A legal or environmental footer paragraph, in any of the languages clients write in."""
    if _ECO.search(paragraph) and len(paragraph) < 300:
        return True
    if len(paragraph) < 60:
        return False
    return bool(_NOTICE_HEAD.match(paragraph) or (_CONFIDENTIAL.search(paragraph) and _ADDRESSEE.search(paragraph)))


def _footer_start(lines: list[str]) -> int:
    """First line of the legal/environmental footer at the end (len(lines) if none).

    Whole paragraphs first; then single long lines at the end of the last kept paragraph, since
    HTML footers often follow the text without a blank line. Never the first paragraph: a
    notification that mentions "confidential" and "recipients" is still the message.
    """
    paragraphs = _paragraphs(lines)
    first = paragraphs[0][0] if paragraphs else 0
    start = len(lines)
    for begin, end in reversed(paragraphs):
        if begin > first and is_disclaimer(" ".join(lines[begin:end])):
            start = begin
            continue
        for i in range(end - 1, max(begin, first + 1) - 1, -1):
            if not is_disclaimer(lines[i]):
                break
            start = i
        break
    return start


def _name_like(text: str) -> bool:
    """One to five capitalised words, as a name or an initialled name ("T. Van Acker")."""
    stripped = text.strip()
    if len(stripped) > 40 or not _NAME.match(stripped) or stripped.rstrip(",.!").lower() in _NOT_NAMES:
        return False
    return " " in stripped or not stripped.endswith(".")  # "Yes." ends a sentence; "T. Van Acker" is fine


def _is_signoff(line: str) -> bool:
    """"Cordialement," or "Best, Sarah" or a French formal closing formula."""
    stripped = line.strip()
    found = _SIGNOFF.match(stripped)
    if found:
        rest = found["rest"].strip(" ,.!")
        return not rest or _name_like(rest)
    return bool(_FORMAL_CLOSING.match(stripped))


def _short_tail(lines: list[str]) -> bool:
    """The lines after a sign-off look like a name/contact block, not more message."""
    filled = [line for line in lines if line.strip()]
    return len(filled) <= _TAIL_LINES and all(len(line) <= 100 for line in filled)


def _signoff_at(lines: list[str], i: int) -> bool:
    """A sign-off line, or a sign-off phrase ending in "," or "!" right above a name."""
    if _is_signoff(lines[i]):
        return True
    stripped = lines[i].strip()
    following = next((line.strip() for line in lines[i + 1:] if line.strip()), "")
    return bool(_SIGNOFF_PHRASE.match(stripped)) and _name_like(following)


def _signoff_start(lines: list[str]) -> int | None:
    """The last sign-off line that is followed only by a short block and preceded by text."""
    first_filled = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    for i in range(len(lines) - 1, first_filled, -1):
        if len(lines) - i > _TAIL_LINES + 6:
            return None
        if lines[i].strip() and _signoff_at(lines, i) and _short_tail(lines[i + 1:]):
            return i
    return None


def _marker_start(lines: list[str]) -> int | None:
    """The first "-- " delimiter, or a "Sent from my iPhone" line near the end."""
    for i, line in enumerate(lines):
        if _DASHES.match(line):
            return i
        if _MOBILE.match(line.strip()) and len(lines) - i <= 4:
            return i
    return None


def _trailing_block_start(lines: list[str]) -> int | None:
    """A bare name or contact block closing the text ("Luc", "T. Van Acker / Directeur / Tél …")."""
    paragraphs = _paragraphs(lines)
    if len(paragraphs) >= 2:
        begin, end = paragraphs[-1]
        block = [line.strip() for line in lines[begin:end]]
        if len(block) <= 6 and all(len(line) <= 60 and not line.endswith("?") for line in block):
            contacts = sum(bool(_CONTACT.search(line)) for line in block)
            if _name_like(block[0]) or (len(block) >= 2 and contacts * 2 >= len(block)):
                return begin
    if paragraphs:
        begin, end = paragraphs[-1]
        last = lines[end - 1].strip()
        if end - 1 > begin and _name_like(last) and len(last.split()) <= 3 and lines[end - 2].rstrip()[-1:] in ".!?:":
            return end - 1
    return None


def _signature_start(body: list[str]) -> int:
    """Where the signature starts: a marker or sign-off, then any name block just above it."""
    candidates = [s for s in (_marker_start(body), _signoff_start(body)) if s is not None]
    start = min(candidates) if candidates else len(body)
    for _ in range(2):  # "Griet / Sent from my iPhone": the name above a marker is signature too
        above = _trailing_block_start(body[:start])
        if above is None:
            break
        start = above
    return start


def strip_signature(text: str) -> tuple[str, str | None]:
    """(text without signature, sign-off or footer; signature or None)."""
    lines = text.split("\n")
    footer = _footer_start(lines)
    start = _signature_start(lines[:footer])
    kept = "\n".join(lines[:start]).strip("\n")
    signature = "\n".join(lines[start:]).strip("\n")
    return kept, signature or None

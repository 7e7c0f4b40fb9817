"""Recognising the lines that open a piece of quoted history, and who they attribute it to.

Mail clients announce a quote in a handful of ways: a one-line attribution ("On … wrote:",
"Le … a écrit :", "Am … schrieb …:"), an Outlook header block ("From: / Sent: / To: / Subject:"
in the client's language, with or without a separator line above it), or a forward banner.
Each recogniser here looks at already NBSP-normalised lines and returns an `Attribution`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.header import decode_header, make_header

_ADDR = r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"
_BRACKETED = re.compile(r"[<\[(]\s*(?:mailto:)?\s*(" + _ADDR + r")\s*[>\])]", re.IGNORECASE)
_BARE = re.compile(r"(?:mailto:)?(" + _ADDR + ")", re.IGNORECASE)
# A clock time, not a numeric date: "10:02", "3:10 AM", "16h22", "10.02 Uhr" but not "14.07.2025".
_TIME = re.compile(
    r"(?<![\d.:])\d{1,2}\s?[:h.]\s?\d{2}(?::\d{2})?(?![.\d])(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
    r"(?:\s*\(?(?:UTC|GMT)\s?[+-]?\d{0,2}(?::?\d{2})?\)?|\s?[+-]\d{4}|\s+(?:CES?T|CEST|UTC|GMT|[ECMP][SD]T|BST|Uhr)\b)?"
)
_NUMERIC_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")

# Starter word, pattern, language. Romance and English attributions put the date first and the
# author last ("On <date>, <who> wrote:"); German and Dutch put the author after the verb.
_DATE_THEN_WHO = (
    ("en", re.compile(r"^On\s+(?P<rest>.+?)\s*wrote\s*:$", re.IGNORECASE)),
    ("fr", re.compile(r"^Le\s+(?P<rest>.+?)\s+a\s+[ée]crit\s*:$", re.IGNORECASE)),
    ("es", re.compile(r"^El\s+(?P<rest>.+?)\s+escribi[óo]\s*:$", re.IGNORECASE)),
    ("it", re.compile(r"^Il\s+(?P<rest>.+?)\s+ha\s+scritto\s*:$", re.IGNORECASE)),
    ("pt", re.compile(r"^(?:Em|No dia)\s+(?P<rest>.+?)\s+escreveu\s*:$", re.IGNORECASE)),
)
_WHO_AFTER_VERB = (
    ("de", re.compile(r"^Am\s+(?P<date>.+?)\s+schrieb\s+(?P<who>.+?)\s*:$", re.IGNORECASE)),
    ("de", re.compile(r"^Am\s+(?P<date>.+?)\s+hat\s+(?P<who>.+?)\s+geschrieben\s*:$", re.IGNORECASE)),
    ("nl", re.compile(r"^Op\s+(?P<date>.+?)\s+schreef\s+(?P<who>.+?)\s*:$", re.IGNORECASE)),
    ("nl", re.compile(r"^Op\s+(?P<date>.+?)\s+heeft\s+(?P<who>.+?)\s+het\s+volgende\s+geschreven\s*:$", re.IGNORECASE)),
)
_STARTERS = ("On ", "Le ", "El ", "Il ", "Em ", "No dia ", "Am ", "Op ")
# "Jean Dupont <jean@x> wrote:" with no date: only trusted when ">" lines follow.
_GENERIC = re.compile(
    r"^(?P<who>[^:]{1,120}?)\s+(?:wrote|a\s+[ée]crit|schrieb|schreef|escribi[óo]|ha\s+scritto|escreveu)\s*:$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^(?:-{2,}\s*(?:Forwarded message|Forwarded Message|Message transf[ée]r[ée]|Weitergeleitete Nachricht"
    r"|Doorgestuurd bericht|Doorgestuurd e-mailbericht|Mensaje reenviado|Messaggio inoltrato|Mensagem encaminhada)"
    r"\s*-{2,}|Begin forwarded message\s*:|D[ée]but du message r[ée]exp[ée]di[ée]\s*:"
    r"|Anfang der weitergeleiteten (?:Nachricht|E-Mail)\s*:|Begin doorgestuurd bericht\s*:"
    r"|Inicio del mensaje reenviado\s*:)$",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(
    r"^-{2,}\s*(?:Original Message|Message d['’]origine|Message original|Urspr(?:ü|ue|u)ngliche Nachricht"
    r"|Oorspronkelijk bericht|Origineel bericht|Mensaje original|Messaggio originale|Mensagem original"
    r"|Originalmeddelelse|Ursprungligt meddelande)\s*-{2,}$",
    re.IGNORECASE,
)
RULE = "_" * 32  # what Outlook writes above a plain-text header block; the HTML renderer emits it too
_RULE = re.compile(r"^_{10,}$")
_KEY_LINE = re.compile(r"^[*_]{0,2}(?P<key>[^\W\d_][\w'’ .-]{0,24}?)[*_]{0,2}\s*:[*_]{0,2}\s*(?P<value>.*)$")

_FROM, _DATE, _TO, _CC, _SUBJECT, _OTHER = "from", "date", "to", "cc", "subject", "other"
_KEYS = {
    _FROM: ("from", "de", "von", "van", "da", "fra", "fran", "od", "expediteur", "absender", "afzender", "remitente"),
    _DATE: ("sent", "date", "envoye", "envoye le", "gesendet", "datum", "verzonden", "verstuurd", "enviado",
            "enviado el", "enviada", "fecha", "inviato", "data", "sendt", "skickat", "wyslano"),
    _TO: ("to", "a", "an", "aan", "para", "til", "till", "do", "destinataire", "destinataires", "empfanger"),
    _CC: ("cc", "bcc", "cci", "kopie", "kopi", "ccn"),
    _SUBJECT: ("subject", "objet", "betreff", "onderwerp", "asunto", "oggetto", "assunto", "emne", "amne",
               "temat", "sujet"),
    _OTHER: ("reply-to", "repondre a", "importance", "priority", "attachments", "pieces jointes", "anlagen",
             "bijlagen", "organization", "organisation"),
}
_KEY_KIND = {key: kind for kind, keys in _KEYS.items() for key in keys}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Where a quote announcement sits (lines [start, end)) and what it says about the author."""

    start: int
    end: int
    text: str
    name: str | None
    address: str | None
    date: str | None
    style: str
    needs_prefixed_quote: bool = False  # only a quote if ">" lines follow (dateless "X wrote:")


def fold(text: str) -> str:
    """Lower-case without accents: some converters strip them ("Envoye", "a ecrit")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _decode_words(text: str) -> str:
    """Quoted header blocks sometimes keep RFC 2047 words ("=?utf-8?q?In=C3=A8s?=")."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except Exception:  # noqa: BLE001 - malformed encoded words and unknown charsets stay as written
        return text


def parse_who(text: str) -> tuple[str | None, str | None]:
    """Name and lower-cased address from "Name <addr>", "Name [mailto:addr]", "addr" or "Name"."""
    text = _decode_words(text)
    found = _BRACKETED.search(text) or _BARE.search(text)
    address = found.group(1).lower() if found else None
    name = (text[: found.start()] + " " + text[found.end():]) if found else text
    name = re.sub(r"\s+", " ", name).strip(" ,;:\"'«»<>[]()")
    if not name or name.lower() == address or "@" in name:
        return None, address
    return name, address


def _split_date_who(rest: str) -> tuple[str | None, str]:
    """Cut "<date>, <who>" at the last clock time, else at the last comma."""
    found = _BRACKETED.search(rest) or _BARE.search(rest)
    head = rest[: found.start()] if found else rest
    times = list(_TIME.finditer(head))
    if times:
        cut = times[-1].end()
    elif "," in head:
        cut = head.rindex(",")
    else:
        return None, rest
    date = head[:cut].strip(" ,")
    return date or None, rest[cut:].strip(" ,")


def _wrote_style(lang: str, date: str | None) -> str:
    """Name the client from the shape of its date: Apple has ", at", Gmail FR a weekday first."""
    date = date or ""
    if lang in ("en", "fr") and _NUMERIC_DATE.match(date):
        return "thunderbird"
    if lang == "en":
        return "apple" if re.search(r",\s+at\s", date) else "gmail"
    if lang == "fr":
        return "apple" if date[:1].isdigit() else "gmail-fr"
    return "gmail"


def match_wrote(candidate: str) -> tuple[str | None, str | None, str | None, str] | None:
    """(name, address, date, style) when `candidate` is a dated one-line attribution."""
    for lang, pattern in _DATE_THEN_WHO:
        found = pattern.match(candidate)
        if found and any(ch.isdigit() for ch in found["rest"]):
            date, who = _split_date_who(found["rest"])
            return (*parse_who(who), date, _wrote_style(lang, date))
    for lang, pattern in _WHO_AFTER_VERB:
        found = pattern.match(candidate)
        if found and any(ch.isdigit() for ch in found["date"]):
            return (*parse_who(found["who"]), found["date"].strip(" ,"), _wrote_style(lang, found["date"]))
    return None


def attribution_at(lines: list[str], i: int) -> Attribution | None:
    """A one-line attribution starting at line i, possibly wrapped over up to three lines."""
    first = lines[i].strip()
    starter = first.startswith(_STARTERS)
    for k in range(1, 4):
        window = lines[i: i + k]
        if len(window) < k or not window[-1].strip() or window[-1].lstrip().startswith(">"):
            return None
        if not window[-1].rstrip().endswith(":"):
            continue
        candidate = re.sub(r"\s+", " ", " ".join(w.strip() for w in window)).replace("< ", "<").replace(" >", ">")
        text = "\n".join(w.strip() for w in window)
        found = match_wrote(candidate) if starter else None
        if found:
            return Attribution(i, i + k, text, *found)
        generic = _GENERIC.match(candidate) if len(candidate) < 200 else None
        if generic:
            name, address = parse_who(generic["who"])
            return Attribution(i, i + k, text, name, address, None, "thunderbird", needs_prefixed_quote=True)
    return None


def header_line(line: str) -> tuple[str, str] | None:
    """(kind, value) for a line of a quoted header block, e.g. "Envoyé : lundi …" → ("date", "lundi …")."""
    found = _KEY_LINE.match(line.strip())
    if not found:
        return None
    kind = _KEY_KIND.get(re.sub(r"\s+", " ", fold(found["key"])).strip())
    # An HTML table of key and value cells renders as "De : | Peter Novak <…>".
    return (kind, found["value"].strip().removeprefix("|").strip()) if kind else None


def _continues(previous: str, line: str) -> bool:
    """A wrapped header value: the previous value ends open, or this line finishes an address."""
    stripped = line.strip()
    return previous.rstrip().endswith((",", ";", "<")) or bool(re.match(r"^<?" + _ADDR + r">?[,;]?$", stripped))


def _any_field(line: str) -> bool:
    """A "Key: value" line in a language we do not know (only trusted right after a banner)."""
    found = _KEY_LINE.match(line.strip())
    return bool(found and found["value"] and len(found["key"].split()) <= 3)


# Outlook wraps long header values (a date, a list of recipients, a subject) onto the next line,
# and HTML converters put a key and its value on lines of their own ("De :" / "Peter Novak").
WRAPPED_LINES = 2  # how many lines of one value may sit between two field lines
_LONG_LINE = 60  # a subject this long may have been wrapped by the sender's mailer


def _wrapped(lines: list[str], j: int, previous: str, empty_value: bool) -> bool:
    """Whether line j continues the value of the field above it rather than starting the body.

    Trusted when another field line follows within :data:`WRAPPED_LINES` lines (the value is
    sandwiched between two fields), when the field above had no value yet (its value is on this
    line), or, for a long last line, when a blank line ends the block right after this one.
    """
    if _continues(previous, lines[j]):
        return True
    after = lines[j + 1].strip() if j + 1 < len(lines) else ""
    if empty_value and (not after or header_line(after)):  # "Objet :" then "RE: Toiture", then a field or a blank
        return True
    for k in range(j + 1, min(len(lines), j + 1 + WRAPPED_LINES)):
        if not lines[k].strip():
            break
        if header_line(lines[k]):
            return True
    return len(previous.strip()) >= _LONG_LINE and not after and len(lines[j].strip()) < _LONG_LINE


def header_block(lines: list[str], i: int, lenient: bool = False) -> tuple[int, dict[str, str]] | None:
    """End index and fields of the header block starting at line i (first line must be a field)."""
    fields: dict[str, str] = {}
    j, previous, last_kind, wrapped = i, "", None, 0
    while j < len(lines) and lines[j].strip():
        found = header_line(lines[j])
        if found:
            kind, value = found
            last_kind = kind if kind not in fields else None  # only the first of a kind is kept
            if last_kind is not None:
                fields[kind] = value
            wrapped = 0
        elif fields and lenient and _any_field(lines[j]):
            last_kind, wrapped = None, 0  # a field in a language we do not know: kept in the block, not read
        elif fields and wrapped < WRAPPED_LINES and _wrapped(lines, j, previous,
                                                            last_kind is not None and not fields.get(last_kind)):
            if last_kind is not None:
                fields[last_kind] = f"{fields[last_kind]} {lines[j].strip()}".strip()
            wrapped += 1
        else:
            break
        previous = lines[j]
        j += 1
    return (j, fields) if fields else None


def _header_attribution(lines: list[str], start: int, first: int, style: str, strict: bool) -> Attribution | None:
    """An attribution from a header block at `first` (announced at `start` by a banner, if any)."""
    block = header_block(lines, first, lenient=not strict) if first < len(lines) else None
    if block is None:
        return None if strict else Attribution(start, first, lines[start].strip(), None, None, None, style)
    end, fields = block
    if strict and (_FROM not in fields or len({_DATE, _TO, _SUBJECT, _CC} & fields.keys()) < 2):
        return None
    name, address = parse_who(fields.get(_FROM, ""))
    text = "\n".join(line.strip() for line in lines[start:end] if line.strip())
    return Attribution(start, end, text, name, address, fields.get(_DATE) or None, style)


def _next_filled(lines: list[str], i: int, limit: int = 3) -> int:
    """Index of the first non-blank line at or after i, looking at most `limit` lines ahead."""
    for j in range(i, min(len(lines), i + limit)):
        if lines[j].strip():
            return j
    return len(lines)


def banner_at(lines: list[str], i: int, rule_is_marker: bool) -> Attribution | None:
    """A forward banner, an "Original Message" line, a rule of underscores, or a bare header block."""
    stripped = lines[i].strip()
    if _FORWARD.match(stripped):
        return _header_attribution(lines, i, _next_filled(lines, i + 1), "forward", strict=False)
    if _ORIGINAL.match(stripped):
        return _header_attribution(lines, i, _next_filled(lines, i + 1), "outlook", strict=False)
    if _RULE.match(stripped):
        after = _next_filled(lines, i + 1)
        inner = banner_at(lines, after, rule_is_marker) if after < len(lines) else None
        if inner is not None:  # a rule above "-----Original Message-----" or a forward banner
            return Attribution(i, inner.end, "\n".join(filter(None, (stripped, inner.text))), inner.name,
                               inner.address, inner.date, inner.style)
        strict = not (rule_is_marker and stripped == RULE)
        return _header_attribution(lines, i, after, "outlook", strict=strict)
    found = header_line(stripped) if ":" in stripped[:40] else None
    if found and (found[0] == _FROM or (found[0] == _DATE and _from_follows(lines, i))):
        return _header_attribution(lines, i, i, "outlook", strict=True)
    return None


def _from_follows(lines: list[str], i: int) -> bool:
    """Outlook for Mac and some converters put "Date:" / "Sent:" above "From:": a From line just below."""
    for k in range(i + 1, min(len(lines), i + 1 + WRAPPED_LINES + 1)):
        found = header_line(lines[k]) if lines[k].strip() else None
        if found and found[0] == _FROM:
            return True
    return False

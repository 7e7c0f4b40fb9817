"""Header values as text: repair the header block, unfold, decode RFC 2047 and 8-bit bytes.

Header access in `email.policy.default` raises on some malformed values and costs ~1.5 ms per
message here, so headers are read raw (compat32 `raw_items`) and decoded by this tolerant code.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr, parsedate_to_datetime

from responder.mail.mime.charset import decode_bytes
from responder.mail.mime.model import Address

_FIELD = re.compile(rb"^[!-9;-~]+[ \t]*:")
_SPACE_BEFORE_COLON = re.compile(rb"^([!-9;-~]+)[ \t]+:")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*?)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_ID = re.compile(r"<([^<>]*)>")
_ADDR = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def _header_end(raw: bytes) -> int:
    """Offset of the blank line ending the header block (len(raw) when there is none)."""
    ends = [pos for pos in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if pos >= 0]
    return min(ends) if ends else len(raw)


def _fix_line(lines: list[bytes], i: int, defects: list[str]) -> list[bytes]:
    """Replacement for header line i: itself, nothing (junk), or a blank line (body starts here)."""
    line = lines[i]
    if line[:1] in (b" ", b"\t") or _FIELD.match(line) or (i == 0 and line.startswith(b"From ")):
        return [_SPACE_BEFORE_COLON.sub(rb"\1:", line)]
    following = next((other for other in lines[i + 1:] if other[:1] not in (b" ", b"\t")), None)
    shown = line.decode("ascii", "replace").strip()[:60]
    if following is None or _FIELD.match(following):
        defects.append(f"header without colon: {shown}")
        return []
    defects.append(f"no blank line after headers, body starts at: {shown}")
    return [b"", line]


def _clean(lines: list[bytes]) -> bool:
    """Every line is a field or a continuation (the usual case: nothing to repair)."""
    first = bool(_FIELD.match(lines[0]) or lines[0].startswith(b"From "))
    rest = all(line[:1] in (b" ", b"\t") or _FIELD.match(line) for line in lines[1:])
    return first and rest and not any(_SPACE_BEFORE_COLON.match(line) for line in lines)


def repair_header_block(raw: bytes) -> tuple[bytes, list[str]]:
    """Drop header lines without a colon instead of letting them end the header block early."""
    if raw.startswith((b"\n", b"\r\n")):
        return raw, []  # no headers at all
    end = _header_end(raw)
    lines = raw[:end].split(b"\n")
    if _clean(lines):
        return raw, []
    defects: list[str] = []
    fixed = [new for i in range(len(lines)) for new in _fix_line(lines, i, defects)]
    return b"\n".join(fixed) + raw[end:], defects


def _eightbit(value: str) -> str | None:
    """Text of a raw header value holding undecoded 8-bit bytes (surrogate escapes), or None."""
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return None
    data = value.encode("utf-8", "surrogateescape")
    return decode_bytes(data, "utf-8", "header")[0]


def _word_bytes(encoding: str, payload: str) -> bytes | None:
    """Bytes of one encoded word, or None when it is not decodable (then it stays as written)."""
    if encoding in "qQ":
        return binascii.a2b_qp(payload.encode("ascii", "replace"), header=True)
    if re.search(r"[^A-Za-z0-9+/=]", payload):
        return None
    try:
        return binascii.a2b_base64(payload + "=" * (-len(payload.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


def decode_words(value: str, defects: list[str] | None = None) -> str:
    """Decode RFC 2047 encoded words, joining adjacent ones byte-wise (split multibyte chars)."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: list[bytes] = []
    charset = ""
    pos = 0
    for found in _ENCODED_WORD.finditer(value):
        between = value[pos: found.start()]
        word_charset = found.group(1).split("*", 1)[0]
        data = _word_bytes(found.group(2), found.group(3))
        adjacent = bool(pending) and not between.strip()  # whitespace between encoded words is dropped
        if data is None or not adjacent or word_charset.lower() != charset.lower():
            out.append(_flush(pending, charset, defects))
            if not adjacent or data is None:
                out.append(between)
        pos = found.end()
        if data is None:
            if defects is not None:
                defects.append("malformed encoded word in header")
            out.append(found.group(0))
            continue
        charset = word_charset
        pending.append(data)
    out.append(_flush(pending, charset, defects))
    out.append(value[pos:])
    return "".join(out)


def _flush(pending: list[bytes], charset: str, defects: list[str] | None) -> str:
    """Decode and clear the accumulated bytes of adjacent encoded words."""
    if not pending:
        return ""
    text, defect = decode_bytes(b"".join(pending), charset, "encoded word")
    pending.clear()
    if defect and defects is not None:
        defects.append(defect)
    return text


def decode_value(name: str, value: object, defects: list[str]) -> str:
    """One raw header value as text: unfolded, 8-bit repaired, encoded words decoded."""
    text = value if isinstance(value, str) else str(value)
    if "\n" in text or "\r" in text:
        text = _FOLD.sub("", text).replace("\r", "").replace("\n", " ")
    if text.isascii():
        return decode_words(text, defects).strip()
    repaired = _eightbit(text)
    if repaired is not None:
        defects.append(f"8-bit bytes in header {name}")
        text = repaired
    return decode_words(text, defects).strip()


def unfolded_raw(value: object) -> str:
    """A raw value unfolded, 8-bit repaired, encoded words left as they are (for address parsing)."""
    text = _FOLD.sub("", value if isinstance(value, str) else str(value)).replace("\r", "").replace("\n", " ")
    return _eightbit(text) or text


def normalise_message_id(value: str | None) -> str | None:
    """"<Abc@Example.COM>" → "Abc@example.com": brackets stripped, domain lower-cased."""
    if not value:
        return None
    found = _ID.search(value)
    token = found.group(1) if found else (value.split() or [""])[0]
    token = re.sub(r"\s+", "", token).strip("<>")
    if not token:
        return None
    local, at, domain = token.rpartition("@")
    return f"{local}@{domain.lower()}" if at else token


def message_ids(value: str | None) -> tuple[str, ...]:
    """All ids of References / In-Reply-To, in order, normalised, without duplicates."""
    if not value:
        return ()
    tokens = _ID.findall(value) or [t for t in re.split(r"[\s,]+", value) if "@" in t]
    ids = (normalise_message_id(f"<{token}>") for token in tokens)
    return tuple(dict.fromkeys(i for i in ids if i))


_LIST_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|<[^>]*>?|\([^)]*\)?|[^,;"<(]+|[,;]')


def _split_list(value: str) -> list[str]:
    """Split an address list at commas (and Outlook's semicolons) outside quotes, <> and comments."""
    if "," not in value and ";" not in value:
        return [value]
    pieces: list[str] = []
    current: list[str] = []
    for token in _LIST_TOKEN.findall(value):
        if token in (",", ";"):
            pieces.append("".join(current))
            current = []
        else:
            current.append(token)
    pieces.append("".join(current))
    return pieces


def _merge_name_pieces(pieces: list[str]) -> list[str]:
    """"Van Acker, Thierry <t@x>" was split at its unquoted comma: glue name-only pieces on."""
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        if not piece.strip():
            continue
        if "@" not in piece:
            carry = f"{carry}, {piece.strip()}" if carry else piece.strip()
            continue
        merged.append(f"{carry}, {piece.strip()}" if carry else piece)
        carry = ""
    return merged


_ANGLE = re.compile(r"^(?P<name>.*?)<(?P<address>[^<>]*@[^<>]*)>\s*$", re.DOTALL)


def _one_address(piece: str) -> Address | None:
    """One mailbox: "Name <addr>" by hand (names may hold commas), parseaddr for the rest."""
    piece = re.sub(r"^\s*[^<>\"@,:]{1,60}:\s*", "", piece)  # group name ("undisclosed-recipients:")
    angle = _ANGLE.match(piece.strip())
    if angle:
        name, address = angle["name"].strip(), angle["address"].strip()
    else:
        name, address = parseaddr(piece)
    if "@" not in address:
        found = _ADDR.search(piece)
        if not found:
            return None
        address = found.group(0)
        name = piece[: found.start()].strip(' <"\'')
    name = decode_words(name.strip()).strip().strip("\"'").replace('\\"', '"')
    return Address("" if name.lower() == address.lower() else name, address.strip())


def parse_addresses(value: str | Iterable[str] | None) -> tuple[Address, ...]:
    """Every mailbox in one or several address-list values, display names decoded."""
    values = [value] if isinstance(value, str) else list(value or ())
    result: list[Address] = []
    for raw in values:
        for piece in _merge_name_pieces(_split_list(unfolded_raw(raw))):
            address = _one_address(piece)
            if address:
                result.append(address)
    return tuple(result)


# Dates outside these years are forged or broken: read as no date at all, so no arithmetic on them
# (a day added to 31 December 9999) can fail later.
FIRST_YEAR, LAST_YEAR = 1990, 2199


_COMMENT = re.compile(r"\([^()]*\)")


def without_comments(value: str) -> str:
    """``value`` with its RFC 5322 comments (nested ones too) replaced by a space:
    "junk (from the list)" reads "junk ", "dmarc=pass (sender said fail)" reads "dmarc=pass "."""
    while True:
        stripped = _COMMENT.sub(" ", value)
        if stripped == value:
            return value
        value = stripped


def parse_date(value: str | None) -> datetime | None:
    """An aware datetime from an RFC 5322 date, or None; "-0000" and missing zones mean UTC."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        parsed.astimezone(UTC)  # an offset that pushes it past year 9999 raises here, not later
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def received_date(value: str | None) -> datetime | None:
    """Delivery time: the date after the last ";" of a Received header."""
    if not value or ";" not in value:
        return None
    return parse_date(value.rpartition(";")[2])

"""Finding the readable body in a MIME tree, decoding it, and noting everything else.

Parts are numbered like IMAP sections ("1", "2", "1.2"), so a defect such as "broken base64 in
part 1" points at the same part a mail client or `responder inspect` would show.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass, field
from email.message import Message

from responder.mail.mime.charset import decode_bytes
from responder.mail.mime.headers import decode_value
from responder.mail.mime.model import Attachment
from responder.mail.quoting import html_to_text

MAX_DEPTH = 40  # deeper MIME nesting is noted as attachments, not walked
_STUB = re.compile(
    r"html|browser|navigateur|web version|version en ligne|cannot be displayed|ne peut pas être affiché"
    r"|does not support|ne prend pas en charge|unterstützt kein|ondersteunt geen",
    re.IGNORECASE,
)
_STDLIB_DEFECTS = {
    "CloseBoundaryNotFoundDefect": "closing MIME boundary missing",
    "StartBoundaryNotFoundDefect": "MIME start boundary not found",
    "MultipartInvariantViolationDefect": "multipart without parts",
    "NoBoundaryInMultipartDefect": "multipart without boundary",
    "MissingHeaderBodySeparatorDefect": "no blank line after headers",
    "FirstHeaderLineIsContinuationDefect": "first header line is a continuation",
    "MisplacedEnvelopeHeaderDefect": "misplaced envelope header",
}


@dataclass
class Body:
    """What the walk found: readable texts in order, chosen HTML, attachments, attached messages."""

    parts: list[tuple[str, str]] = field(default_factory=list)  # ("plain" | "html", decoded content)
    htmls: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwards: list[Message] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Readable text of each body part; HTML is rendered only now, once a part is chosen."""
        return [html_to_text(content) if kind == "html" else content for kind, content in self.parts]


_PARAM = re.compile(r';\s*([!#$%&\'*+.^`|~\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)')


def _header_params(part: Message) -> tuple[str, dict[str, str]]:
    """Content-Type as (type, params); hand-parsed, since compat32 re-parses it on every get_param."""
    raw = part.get("content-type")
    value = raw if isinstance(raw, str) else str(raw or "")
    main, _, _ = value.partition(";")
    ctype = main.strip().lower()
    params = {key.lower(): val.strip('"') for key, val in _PARAM.findall(value)}
    if "*" in value:  # RFC 2231 continuations and charsets: leave those to the stdlib
        for key in ("charset", "name", "format", "delsp"):
            found = _param(part, key)
            if found is not None:
                params[key] = found
    return (ctype if "/" in ctype and " " not in ctype else "text/plain"), params


def content_type(part: Message) -> str:
    """Lower-cased type/subtype; "text/plain" when missing or malformed, as RFC 2045 says."""
    if part.get("content-type") is None:
        return "message/rfc822" if _in_digest(part) else "text/plain"
    return _header_params(part)[0]


def _in_digest(part: Message) -> bool:
    """compat32 marks parts of multipart/digest, whose default type is message/rfc822."""
    return part.get_default_type() == "message/rfc822"


def _param(part: Message, name: str) -> str | None:
    try:
        value = part.get_param(name)
    except Exception:  # noqa: BLE001 - compat32 parameter parsing has raised on hostile headers
        return None
    if isinstance(value, tuple):  # RFC 2231 (charset, language, value)
        value = value[2]
    return value if isinstance(value, str) else None


def _filename(part: Message, defects: list[str]) -> str | None:
    """Attachment name, from Content-Disposition or Content-Type, decoded."""
    try:
        name = part.get_filename() or _param(part, "name")
    except Exception:  # noqa: BLE001 - RFC 2231 names with unknown charsets raise LookupError and more
        name = _param(part, "name")
    return decode_value("filename", name, defects) if name else None


def _has_filename(part: Message) -> bool:
    disposition = str(part.get("content-disposition", "") or "").lower()
    return "filename" in disposition or "name" in _header_params(part)[1]


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("content-disposition", "") or "").strip().lower()
    return disposition.startswith("attachment")


def _base64(text: str, where: str, defects: list[str]) -> bytes:
    """Decode base64; when broken, decode line by line so one bad line costs only that line."""
    try:
        return binascii.a2b_base64("".join(text.split()).encode("ascii"), strict_mode=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        defects.append(f"broken base64 in {where}")
    chunks = []
    for line in text.split():
        if len(line) % 4 == 0:  # characters were replaced: substitute to keep the 4-character alignment
            cleaned = re.sub(r"[^A-Za-z0-9+/=]", "A", line)
            cleaned = cleaned.rstrip("=").replace("=", "A")
        else:  # characters were inserted or lost: drop the strays
            cleaned = re.sub(r"[^A-Za-z0-9+/]", "", line)
        cleaned = cleaned[:-1] if len(cleaned) % 4 == 1 else cleaned
        try:
            chunks.append(binascii.a2b_base64(cleaned + "=" * (-len(cleaned) % 4)))
        except binascii.Error:
            continue
    return b"".join(chunks)


def _raw_payload(part: Message) -> str | None:
    """The undecoded payload: compat32's get_payload() would decode 8-bit bytes with the declared
    charset and "replace", losing exactly the bytes the charset fallback needs."""
    payload = getattr(part, "_payload", None)
    return payload if isinstance(payload, str) else None


def payload_bytes(part: Message, where: str, defects: list[str]) -> bytes:
    """The decoded bytes of a leaf part (base64, quoted-printable, 7bit/8bit/binary)."""
    payload = _raw_payload(part)
    if payload is None:
        return b""
    encoding = str(part.get("content-transfer-encoding", "") or "").strip().lower()
    if encoding == "base64":
        return _base64(payload, where, defects)
    raw = payload.encode("utf-8", "surrogateescape")
    if encoding == "quoted-printable":
        return binascii.a2b_qp(raw)
    return raw


def estimated_size(part: Message) -> int:
    """Decoded size without decoding: base64 is 3 bytes per 4 characters."""
    payload = part.get_payload() if part.is_multipart() else _raw_payload(part)
    if isinstance(payload, list):
        return sum(estimated_size(sub) for sub in payload if isinstance(sub, Message))
    if not isinstance(payload, str):
        return 0
    if str(part.get("content-transfer-encoding", "") or "").strip().lower() == "base64":
        compact = len(payload) - sum(payload.count(ch) for ch in "\r\n \t")
        return compact * 3 // 4 - payload.rstrip().count("=")
    return len(payload)


def _unflow(text: str, delsp: bool) -> str:
    """Re-join format=flowed soft line breaks (RFC 3676): a trailing space continues the line."""
    out: list[str] = []
    for line in text.split("\n"):
        unstuffed = line.removeprefix(" ")  # space-stuffing (RFC 3676 §4.4)
        if out and out[-1].endswith(" ") and out[-1] != "-- " and not line.startswith(">"):
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + unstuffed
        else:
            out.append(unstuffed)
    return "\n".join(out)


def decode_text(part: Message, where: str, defects: list[str]) -> str:
    """A text part as str with Unix newlines, whatever its transfer encoding and charset."""
    params = _header_params(part)[1]
    data = payload_bytes(part, where, defects)
    text, defect = decode_bytes(data, params.get("charset"), where)
    if defect:
        defects.append(defect)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if params.get("format", "").lower() == "flowed":
        text = _unflow(text, params.get("delsp", "").lower() == "yes")
    return text


def _section(prefix: str, index: int) -> str:
    return f"{prefix}.{index}" if prefix else str(index)


def _note_defects(part: Message, where: str, body: Body) -> None:
    for defect in getattr(part, "defects", ()):
        name = _STDLIB_DEFECTS.get(type(defect).__name__)
        if name:
            body.defects.append(name if where == "message" else f"{name} in {where}")


def _attach(part: Message, ctype: str, body: Body) -> None:
    body.attachments.append(Attachment(_filename(part, body.defects), ctype, estimated_size(part)))


def walk(part: Message, body: Body, section: str = "", depth: int = 0) -> None:
    """Visit `part`: texts become body, message/rfc822 a forward, anything else an attachment."""
    ctype = content_type(part)
    where = f"part {section}" if section else ("message" if ctype.startswith("multipart/") else "part 1")
    _note_defects(part, where, body)
    if ctype.startswith("multipart/") or (ctype == "message/rfc822" and isinstance(part.get_payload(), list)):
        _container(part, ctype, body, section, depth)
    elif ctype in ("text/plain", "text/html") and not _is_attachment(part) and not _has_filename(part):
        text = decode_text(part, where, body.defects)
        if ctype == "text/html":
            body.htmls.append(text)
        body.parts.append(("html" if ctype == "text/html" else "plain", text))
    else:
        _attach(part, ctype, body)


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [sub for sub in payload if isinstance(sub, Message)] if isinstance(payload, list) else []


def _container(part: Message, ctype: str, body: Body, section: str, depth: int) -> None:
    children = _children(part)
    if ctype == "message/rfc822":
        _attach(part, ctype, body)
        if children:
            body.forwards.append(children[0])
        return
    if not children or depth >= MAX_DEPTH:
        body.defects.append(f"multipart without parts in part {section or '1'}")
        if _raw_payload(part) is not None:
            body.parts.append(("plain", decode_text(part, f"part {section or '1'}", body.defects)))
        return
    if ctype == "multipart/alternative":
        _alternative(children, body, section, depth)
        return
    only_first = ctype in ("multipart/related", "multipart/report", "multipart/signed")
    for index, child in enumerate(children, 1):
        if only_first and index > 1:
            _attach(child, content_type(child), body)
        else:
            walk(child, body, _section(section, index), depth + 1)


def _alternative(children: list[Message], body: Body, section: str, depth: int) -> None:
    """Prefer text/plain, unless it is empty or a stub ("view this message in HTML")."""
    options: list[tuple[str, Body]] = []
    for index, child in enumerate(children, 1):
        found = Body(defects=body.defects)
        walk(child, found, _section(section, index), depth + 1)
        options.append((content_type(child), found))
        body.attachments.extend(found.attachments)
        body.forwards.extend(found.forwards)
    plain = next((found for ctype, found in options if ctype == "text/plain" and found.parts), None)
    rich = next((found for _, found in reversed(options) if found.htmls), None)
    chosen = plain if plain and not (rich and _is_stub(plain, rich)) else rich or plain
    if chosen:
        body.parts.extend(chosen.parts)
    if rich:
        body.htmls.extend(rich.htmls)


def _is_stub(plain: Body, rich: Body) -> bool:
    """A plain alternative that says nothing the HTML says: empty, or a short "open in HTML" note."""
    text = "\n".join(plain.texts()).strip()
    if not text:
        return True
    if len(text) >= 300:
        return False
    rendered = "\n".join(rich.texts()).strip()
    return (bool(_STUB.search(text)) and len(rendered) > 2 * len(text)) or len(rendered) > 10 * len(text) + 200

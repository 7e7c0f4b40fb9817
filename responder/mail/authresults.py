"""Did the sender's domain pass authentication? (Authentication-Results, RFC 8601)

An excerpt of a brief goes only to mail whose From domain was shown to be genuine, and the
delegate's or the employee's own address counts as theirs only then. Anyone can write an
Authentication-Results header into his own message, so only headers written by a server the
configuration trusts are read (RFC 8601 §5: ``[authentication] trusted_authserv_ids``, by the
authserv-id that opens the header); of those, the topmost, which the last trusted hop added. A
header without an authserv-id (Microsoft 365 writes some) is nobody's and is not believed.

The verdict is three-valued: "pass" when DMARC passed for the From domain itself, or, with no
DMARC result, when DKIM or SPF passed for a domain aligned with it; "fail" when DMARC did not pass
(fail, quarantine, reject, permerror), or DKIM or SPF failed for the From domain with nothing
passing; "unknown" otherwise (no trusted header, none, neutral, temperror, a result for another
domain). Only "pass" earns an excerpt. The parsing is a small tolerant reader rather than the
`authres` package (strict, unmaintained since 2019).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from responder.mail.mime.headers import without_comments

_RESULT = re.compile(r"\b(dmarc|spf|dkim)\s*=\s*([a-z]+)", re.IGNORECASE)
_PROPERTY = re.compile(r"\b(header\.from|header\.d|header\.i|smtp\.mailfrom|smtp\.helo)\s*=\s*\"?([^\s;\"()]+)", re.IGNORECASE)
_AUTHSERV_ID = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?:\s+\d+)?\s*$")
FAIL_RESULTS = frozenset({"fail", "permerror", "softfail", "quarantine", "reject"})
# DMARC's own results besides pass: any of them means the From domain was not shown genuine.
DMARC_NOT_PASS = FAIL_RESULTS | {"none", "temperror", "neutral", "policy"}


@dataclass(frozen=True)
class AuthVerdict:
    verdict: str  # "pass" | "fail" | "unknown"
    reason: str

    @property
    def failed(self) -> bool:
        return self.verdict == "fail"

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


def _domain_of(value: str) -> str:
    return value.rsplit("@", 1)[-1].strip(".>").lower()


def _aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1): one domain under the other, approximated by suffix, never a bare TLD."""
    if "." not in domain or "." not in from_domain:
        return False
    return domain == from_domain or from_domain.endswith("." + domain) or domain.endswith("." + from_domain)


def authserv_id(header: str) -> str | None:
    """The server name that wrote ``header`` (lower-cased), or None when it names none."""
    head = without_comments(header.split(";", 1)[0])
    match = _AUTHSERV_ID.match(head)
    return match.group(1).lower() if match and "=" not in head else None


def is_trusted(server: str | None, trusted: Sequence[str]) -> bool:
    """Whether ``server`` is one of ``trusted``; an entry starting with a dot trusts that domain and every name under it."""
    if not server:
        return False
    for entry in trusted:
        entry = entry.lower()
        if entry.startswith("."):
            if server == entry[1:] or server.endswith(entry):
                return True
        elif server == entry:
            return True
    return False


def _clauses(header: str) -> list[tuple[str, str, dict[str, str]]]:
    """(method, result, properties) for each ``method=result …`` clause of one header."""
    clauses = []
    for part in header.split(";")[1:]:
        part = without_comments(part)
        match = _RESULT.search(part)
        if match:
            props = {k.lower(): _domain_of(v) for k, v in _PROPERTY.findall(part)}
            clauses.append((match.group(1).lower(), match.group(2).lower(), props))
    return clauses


def trusted_header(headers: Sequence[str], trusted: Sequence[str]) -> str | None:
    """The topmost Authentication-Results header a trusted server wrote, if any."""
    return next((h for h in headers if is_trusted(authserv_id(h), trusted)), None)


def verdict(headers: Sequence[str], from_domain: str, trusted: Sequence[str]) -> AuthVerdict:
    """Judge the topmost trusted Authentication-Results header for ``from_domain``."""
    if not headers:
        return AuthVerdict("unknown", "no Authentication-Results header")
    header = trusted_header(headers, trusted)
    if header is None:
        ids = sorted({authserv_id(h) or "(none)" for h in headers})
        return AuthVerdict("unknown", f"no Authentication-Results from a trusted server (seen: {', '.join(ids)})")
    from_domain = from_domain.lower()
    dmarc: list[str] = []
    passed: list[str] = []
    failed: list[str] = []
    for method, result, props in _clauses(header):
        if method == "dmarc":
            if props.get("header.from", from_domain) == from_domain:
                dmarc.append(result)
            continue
        domain = props.get("header.d") or props.get("header.i") or props.get("smtp.mailfrom") or ""
        if domain and _aligned(domain, from_domain):
            if result == "pass":
                passed.append(f"{method}=pass")
            elif result in FAIL_RESULTS:
                failed.append(f"{method}={result}")
    if dmarc:
        result = dmarc[0]
        if result == "pass":
            return AuthVerdict("pass", f"dmarc=pass for {from_domain}")
        kind = "fail" if result in FAIL_RESULTS else "unknown"
        return AuthVerdict(kind, f"dmarc={result} for {from_domain}")
    if passed:
        return AuthVerdict("pass", f"{', '.join(passed)} for {from_domain}")
    if failed:
        return AuthVerdict("fail", f"{', '.join(failed)} for {from_domain}")
    return AuthVerdict("unknown", f"no verdict for {from_domain}")

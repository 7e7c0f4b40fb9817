"""Did the sender's domain pass authentication? (Authentication-Results, RFC 8601)

An excerpt of a brief goes only to mail whose From domain was not shown to be forged. The
verdict is three-valued: "fail" when DMARC failed, or SPF or DKIM failed for the From domain
with nothing passing for it; "pass" when DMARC, or an aligned DKIM or SPF, passed; "unknown"
when there is no header to judge by. The parsing is a small tolerant reader rather than the
`authres` package (strict, unmaintained since 2019, and Microsoft 365 omits the authserv-id it
requires). Only the topmost header is read: it is the one our own
receiving server added, the lower ones were written by whoever relayed the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RESULT = re.compile(r"\b(dmarc|spf|dkim)\s*=\s*([a-z]+)", re.IGNORECASE)
_PROPERTY = re.compile(r"\b(header\.from|header\.d|header\.i|smtp\.mailfrom|smtp\.helo)\s*=\s*\"?([^\s;\"()]+)", re.IGNORECASE)
_COMMENT = re.compile(r"\([^()]*\)")
FAIL_RESULTS = {"fail", "permerror", "softfail"}


@dataclass(frozen=True)
class AuthVerdict:
    verdict: str  # "pass" | "fail" | "unknown"
    reason: str

    @property
    def failed(self) -> bool:
        return self.verdict == "fail"


def _domain_of(value: str) -> str:
    return value.rsplit("@", 1)[-1].strip(".>").lower()


def _aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1): same organisational domain, approximated by suffix."""
    return bool(domain) and (domain == from_domain or from_domain.endswith("." + domain) or domain.endswith("." + from_domain))


def _clauses(header: str) -> list[tuple[str, str, dict[str, str]]]:
    """(method, result, properties) for each ``method=result …`` clause of one header."""
    clauses = []
    for part in header.split(";"):
        part = _COMMENT.sub(" ", part)
        match = _RESULT.search(part)
        if match:
            props = {k.lower(): _domain_of(v) for k, v in _PROPERTY.findall(part)}
            clauses.append((match.group(1).lower(), match.group(2).lower(), props))
    return clauses


def verdict(headers: tuple[str, ...], from_domain: str) -> AuthVerdict:
    """Judge the topmost Authentication-Results header for ``from_domain``."""
    if not headers:
        return AuthVerdict("unknown", "no Authentication-Results header")
    from_domain = from_domain.lower()
    passed: list[str] = []
    failed: list[str] = []
    for method, result, props in _clauses(headers[0]):
        domain = props.get("header.from") or props.get("header.d") or props.get("header.i") or props.get("smtp.mailfrom") or ""
        if method == "dmarc":
            (failed if result in FAIL_RESULTS else passed if result == "pass" else []).append(f"dmarc={result}")
        elif domain and _aligned(domain, from_domain):
            (failed if result in FAIL_RESULTS else passed if result == "pass" else []).append(f"{method}={result}")
    if any(item.startswith("dmarc=") for item in failed):
        return AuthVerdict("fail", f"{', '.join(failed)} for {from_domain}")
    if failed and not passed:
        return AuthVerdict("fail", f"{', '.join(failed)} for {from_domain}")
    if passed:
        return AuthVerdict("pass", f"{', '.join(passed)} for {from_domain}")
    return AuthVerdict("unknown", f"no verdict for {from_domain}")

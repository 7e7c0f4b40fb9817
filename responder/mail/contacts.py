"""A correspondent's company and phone number, read from their signature.

Decided once at ingest for outside senders and stored with the message's facts, so the digest can
say whom to call, at which number, without reading the mail again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# International (+33 4…, 0032 2…), national with a trunk 0 (04 72 55 18 90, 02 515 40 22, 0476 38 12 09)
# and North American ((514) 555-0123, 416-555-0193) numbers; 8 to 15 digits in all.
_PHONE = re.compile(r"(?:\+|\b00)\d[\d\s().-]{6,}\d|\b0\d[\d\s./-]{6,14}\d\b|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b")
_CONTACT = re.compile(r"@|https?://|www\.", re.IGNORECASE)
_SIGNOFF = re.compile(r"^(?:best|kind|regards|thanks|thank you|cheers|sincerely|yours|cordialement|bien à vous|"
                      r"merci|salutations|bonne|à bientôt|amicalement|bien cordialement|groeten|groet|met vriendelijke|"
                      r"vriendelijke|mvg|grüße|grüssen|mit freundlichen|viele|beste grüße|saludos|un saludo)\b",
                      re.IGNORECASE)
_LABEL = re.compile(r"^(?:t|m|tel|tél|phone|mobile|mob|gsm|fax|p)\s*[.:]?\s*", re.IGNORECASE)
_COMPANY_SUFFIX = re.compile(r"\b(?:SA|SAS|SARL|Sàrl|SASU|EURL|SCOP|SNC|SCRL|SPRL|SCS|ASBL|VZW|BVBA|CVBA|Ltd|Limited|"
                             r"LLC|LLP|Inc|Corp|Corporation|Pty|GmbH|AG|KG|OHG|UG|BV|NV|SRL|SpA|SL|SLU|PLC|Oy|AB|"
                             r"& (?:Co|fils|associés)|Group|Groupe)(?!\w)\.?", re.IGNORECASE)
# Lines of a signature that name no company: a phone's footer, a closing formula, a credential.
_NOT_COMPANY = re.compile(r"\b(?:sent from|envoyé de|envoyé depuis|von meinem|verzonden (?:vanaf|met)|salutations|"
                          r"distinguée?s|sentiments|p\.\s?eng|ph\.?\s?d|mba)\b", re.IGNORECASE)
# Words of a job title: in "Title, Company" the company is the other part, and a title alone is no company.
_JOB_TITLE = re.compile(r"\b(?:head|manager|director|directeur|directrice|responsable|chef|lead|engineer|ingénieure?|"
                        r"coordinat\w*|officer|assistante?|gérante?|conseill\w*|chargée?|architecte?|president|"
                        r"présidente?|ceo|cto|cfo|partner|associée?|consultante?|project|projet|technique|technical|"
                        r"commerciale?|sales|département|department|service)\b", re.IGNORECASE)
# A postal address is not a company, whatever its separators: "Rue Sans Souci 118 – 1050 Ixelles".
_POSTAL = re.compile(r"\b\d{4,5}\s+[^\W\d_]|\b(?:rue|avenue|boulevard|chemin|impasse|street|road|avenue|straat|laan|"
                     r"stra(?:ss|ß)e|weg|postbus|postfach|bp|cs)\b", re.IGNORECASE)


def signature_details(signature: str, name: str) -> tuple[str, str]:
    """(company, phone) found in a signature block; empty strings when it does not say."""
    phone = ""
    candidates: list[str] = []
    for raw_line in signature.splitlines():
        line = raw_line.strip(" |-–")
        if not line:
            continue
        found = _PHONE.search(line)
        if found and 8 <= sum(c.isdigit() for c in found.group(0)) <= 15:
            phone = phone or " ".join(found.group(0).split())
            continue
        if (_CONTACT.search(line) or _SIGNOFF.match(line) or _NOT_COMPANY.search(line) or line.lower() == name.lower()
                or len(line) > 80):
            continue
        candidates.append(line)
    return _company(candidates), phone


def _company(lines: Sequence[str]) -> str:
    for line in lines:
        if _COMPANY_SUFFIX.search(line):
            return _last_part(line)
    lines = [line for line in lines if not _POSTAL.search(line)]
    for line in lines:
        parts = [p for p in re.split(r"\s*(?:,|\||–| - | · )\s*", line) if p]
        if len(parts) > 1 and not _JOB_TITLE.search(parts[-1]):
            return parts[-1]
    untitled = [line for line in lines if not _JOB_TITLE.search(line)]
    return untitled[-1] if len(lines) > 1 and untitled else ""


def _last_part(line: str) -> str:
    parts = [p for p in re.split(r"\s*(?:,|\||–| - | · )\s*", line) if p]
    for part in reversed(parts):
        if _COMPANY_SUFFIX.search(part):
            return part
    return parts[-1] if parts else line

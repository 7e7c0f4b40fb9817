"""Who a client is: name and address from the headers, company and phone from their signature.

A fact about one message, decided from its text alone (pure: no store, no clock). Phone numbers
are found and checked by ``phonenumbers`` (Google's libphonenumber metadata), which knows each
country's numbering plan: a postal code, an IBAN or a reference number is no valid phone number
anywhere, and a national number ("04 72 55 18 90") is read in the country the sender most
likely writes from, then given in international form so it can be dialled from abroad.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import phonenumbers

__all__ = ["ContactDetails", "contact_details", "likely_regions"]

# Regions tried, in order, for a national number when neither the address nor the language says.
FALLBACK_REGIONS = ("FR", "BE", "NL", "DE", "GB", "US")
# Country-code top-level domains that are sold as generic names: they say nothing of the country.
_GENERIC_CCTLDS = frozenset({"io", "co", "me", "tv", "ai", "fm", "am", "ly", "to", "ws", "cc", "gg", "eu"})
_LANGUAGE_REGIONS = {"fr": "FR", "nl": "NL", "de": "DE", "en": "GB", "es": "ES", "it": "IT", "pt": "PT"}

_CONTACT = re.compile(r"@|https?://|www\.", re.IGNORECASE)
_SIGNOFF = re.compile(r"^(?:best|kind|regards|thanks|thank you|cheers|sincerely|yours|cordialement|bien à vous|"
                      r"merci|salutations|bonne|à bientôt|amicalement|bien cordialement|groeten|groet|met vriendelijke|"
                      r"vriendelijke|mvg|grüße|grüssen|mit freundlichen|viele|beste grüße|saludos|un saludo)\b",
                      re.IGNORECASE)
# The label in front of a number says what it is: a fax, or a reference of some kind, is not the phone to call.
_LABEL = re.compile(r"(?<![^\W\d_])(?:fax|télécopie|telefax|f|tel|tél|téléphone|telephone|telefoon|telefon|phone|"
                    r"mobile|mob|portable|gsm|handy|cell|t|m|p|"
                    r"iban|bic|swift|siret|siren|rcs|tva|vat|btw|kvk|ust|ust-idnr|order|commande|bestellung|bestelling|"
                    r"po|ref|réf|reference|référence|invoice|facture|rechnung|factuur|account|compte|dossier|"
                    r"no|nr|n°|nº|num|numéro|number)(?![^\W\d_])", re.IGNORECASE)
_PHONE_LABELS = frozenset({"tel", "tél", "téléphone", "telephone", "telefoon", "telefon", "phone", "mobile", "mob",
                           "portable", "gsm", "handy", "cell", "t", "m", "p"})
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
_PARTS = re.compile(r"\s*(?:,|\||–| - | · )\s*")
# A reference or a VAT number may have letters or digits glued to its front ("BE0123.456.789"); a national phone
# number stands alone.
_GLUED = re.compile(r"[\w./-]$")


@dataclass(frozen=True)
class ContactDetails:
    """Who to call: name and address from the headers, company and phone (international form) from the signature."""

    name: str
    address: str
    company: str = ""
    phone: str = ""


def contact_details(signature: str, name: str, address: str, *, language: str | None = None) -> ContactDetails:
    """The sender's details, with the company and phone their signature gives; empty strings when it does not say.

    ``language`` is the message's (or the configured) language, used to read a national phone
    number when the address's domain names no country.
    """
    display = name or address
    regions = likely_regions(address, language)
    phone = ""
    candidates: list[str] = []
    for raw_line in signature.splitlines():
        line = raw_line.strip(" |-–")
        if not line:
            continue
        found = _phone_in(line, regions)
        if found is not None:
            phone = phone or found
            continue
        if _LABEL.match(line) and _DIGIT.search(line):
            continue  # a fax or a reference line names no company
        if (_CONTACT.search(line) or _SIGNOFF.match(line) or _NOT_COMPANY.search(line) or line.lower() == display.lower()
                or len(line) > 80):
            continue
        candidates.append(line)
    return ContactDetails(display, address, _company(candidates), phone)


# The fewest digits of a phone number a client would be called on (national significant number
# plus trunk prefix, e.g. a Belgian 02 555 10 20 has 9; the shortest valid ones have 7).
MIN_PHONE_DIGITS = 7
_DIGIT = re.compile(r"\d")


def likely_regions(address: str, language: str | None = None) -> tuple[str, ...]:
    """Regions to read a national number in, most likely first: the address's country domain, the language, then the usual ones."""
    tld = address.rpartition(".")[2].lower() if "@" in address else ""
    by_domain = "GB" if tld == "uk" else tld.upper()
    first = [by_domain] if len(tld) == 2 and tld not in _GENERIC_CCTLDS and by_domain in phonenumbers.SUPPORTED_REGIONS else []
    if language and language.lower()[:2] in _LANGUAGE_REGIONS:
        first.append(_LANGUAGE_REGIONS[language.lower()[:2]])
    return tuple(dict.fromkeys([*first, *FALLBACK_REGIONS]))


def _phone_in(line: str, regions: Sequence[str]) -> str | None:
    """The first phone number of ``line`` (not a fax, not a reference), in international form, or None.

    A line with fewer digits than the shortest number worth calling is not read: most signature
    lines hold none, and the matcher costs a millisecond a line over six regions.
    """
    if len(_DIGIT.findall(line)) < MIN_PHONE_DIGITS:
        return None
    for region in regions:
        for match in _matches(line, region):
            if _label_before(line, match.start) in _PHONE_LABELS | {""}:
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return None


def _matches(line: str, region: str) -> Iterator[phonenumbers.PhoneNumberMatch]:
    for match in phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.VALID):
        if match.raw_string[:1] in "+(" or not _GLUED.search(line[:match.start]):
            yield match


def _label_before(line: str, start: int) -> str:
    """The last label word before a number on its line ("" when there is none): tel, fax, iban, order…"""
    labels = [m.group(0).lower() for m in _LABEL.finditer(line[:start])]
    return labels[-1] if labels else ""


def _company(lines: Sequence[str]) -> str:
    for line in lines:
        if _COMPANY_SUFFIX.search(line):
            return _last_part(line)
    lines = [line for line in lines if not _POSTAL.search(line)]
    for line in lines:
        parts = [p for p in _PARTS.split(line) if p]
        if len(parts) > 1 and not _JOB_TITLE.search(parts[-1]):
            return parts[-1]
    untitled = [line for line in lines if not _JOB_TITLE.search(line)]
    return untitled[-1] if len(lines) > 1 and untitled else ""


def _last_part(line: str) -> str:
    parts = [p for p in _PARTS.split(line) if p]
    for part in reversed(parts):
        if _COMPANY_SUFFIX.search(part):
            return part
    return parts[-1] if parts else line

"""A client's company and phone, read from their signature; phone numbers in international form."""

from __future__ import annotations

import pytest

from responder.mail.contacts import ContactDetails, contact_details, likely_regions


def details(signature: str, address: str, language: str | None = None) -> tuple[str, str]:
    name = signature.splitlines()[1] if "\n" in signature else signature
    found = contact_details(signature, name, address, language=language)
    return found.company, found.phone


@pytest.mark.parametrize(("signature", "address", "expected"), [
    ("Cordialement,\nÉlodie Marchand\nResponsable commerciale\nFromagerie Valmont SARL\nTél. 04 72 55 18 90",
     "elodie@valmont.fr", ("Fromagerie Valmont SARL", "+33 4 72 55 18 90")),
    ("Best regards,\nPriya Natarajan\nOperations Lead | Kestrel Logistics Ltd\n+44 117 496 0321",
     "priya@kestrel.example", ("Kestrel Logistics Ltd", "+44 117 496 0321")),
    ("Thanks,\nOwen Clarke\nIT Manager, Kestrel Logistics\n", "owen@kestrel.example", ("Kestrel Logistics", "")),
    ("Jo", "jo@acme.example", ("", "")),
    ("Cordialement,\nLéa Dubois\nDirectrice technique\nHabitat Sud SCRL\nRue des Alliés 12 – 1190 Forest\nTél. 02 555 10 20",
     "lea@habitatsud.be", ("Habitat Sud SCRL", "+32 2 555 10 20")),
    ("Regards,\nTom Reed\nSite manager\n14 Harbour Road, Leith\n", "tom@reed.example", ("", "")),
    ("Merci,\nAnne Roy\nChargée de projet\nTél. : (418) 555-0142\nEnvoyé de mon iPhone", "anne@roy.example",
     ("", "+1 418-555-0142")),
    ("Groeten,\nBram Smet\nHead of Visitor Services\nStedelijk Atelier Gent\nGSM 0478 12 34 56",
     "bram@atelier.be", ("Stedelijk Atelier Gent", "+32 478 12 34 56")),
    ("Recevez mes salutations distinguées.\nPaul Roy\nRef. 2024-118", "paul@roy.example", ("", "")),
])
def test_company_and_phone_from_the_signature(signature: str, address: str, expected: tuple[str, str]) -> None:
    assert details(signature, address) == expected


@pytest.mark.parametrize(("signature", "address", "phone"), [
    ("Groeten,\nBram Smet\nGSM 0478 12 34 56", "bram@atelier.be", "+32 478 12 34 56"),  # Belgian mobile
    ("Cordialement,\nJo\nTél. 01 42 68 53 00", "jo@studio.fr", "+33 1 42 68 53 00"),  # French
    ("Met vriendelijke groet,\nSanne\nTel: 020 123 4567", "sanne@dijkstra.nl", "+31 20 123 4567"),  # Dutch
    ("Mit freundlichen Grüßen\nStefan\nTel. 030 901820", "stefan@becker.de", "+49 30 901820"),  # German
    ("Kind regards,\nTom\nT: 020 7946 0958", "tom@harbour.co.uk", "+44 20 7946 0958"),  # UK
    ("Thanks,\nDana\n416-555-0193", "dana@northwind.ca", "+1 416-555-0193"),  # North American
    ("Kind regards,\nTom\nT: 020 7946 0958 ext. 214", "tom@harbour.co.uk", "+44 20 7946 0958 x214"),  # extension
    ("Thanks,\nDana\nDirect (212) 555-0147 x204", "dana@northwind.com", "+1 212-555-0147 ext. 204"),
    ("Cordialement,\nJo\nT+33 1 42 68 53 00", "jo@acme.example", "+33 1 42 68 53 00"),  # label glued to the number
    ("Cordialement,\nJo\n0032 2 555 10 20", "jo@acme.example", "+32 2 555 10 20"),  # 00 international prefix
])
def test_phone_numbers_of_each_country_in_international_form(signature: str, address: str, phone: str) -> None:
    assert details(signature, address)[1] == phone


def test_a_national_number_is_read_in_the_country_of_the_address_then_of_the_language() -> None:
    signature = "Groeten,\nBram\nGSM 0478 12 34 56"
    assert details(signature, "bram@atelier.be")[1] == "+32 478 12 34 56"
    assert details(signature, "bram@atelier.example", language="nl")[1] == "+31 478 123 456"
    assert details(signature, "bram@atelier.example")[1] == "+33 4 78 12 34 56"  # nothing says: France first


@pytest.mark.parametrize("signature", [
    "Cordialement,\nJo\nFax 04 72 55 18 91\nTél. 04 72 55 18 90",
    "Cordialement,\nJo\nFax : 04 72 55 18 91 | Tél. : 04 72 55 18 90",
    "Cordialement,\nJo\nTél. 04 72 55 18 90 – Fax 04 72 55 18 91",
])
def test_a_fax_line_is_not_the_phone(signature: str) -> None:
    assert details(signature, "jo@acme.fr") == ("", "+33 4 72 55 18 90")


@pytest.mark.parametrize("line", [
    "12 rue de la Paix, 75008 Paris",
    "IBAN FR76 3000 6000 0112 3456 7890 189",
    "IBAN BE68 5390 0754 7034",
    "Commande n° 0123456789",
    "Order no. 4500123456",
    "Réf. 2024-118",
    "TVA BE0123.456.789",
    "SIRET 123 456 789 00012",
    "Fax 04 72 55 18 91",
])
def test_postal_codes_bank_accounts_and_references_are_no_phone(line: str) -> None:
    for address in ("jo@acme.fr", "jo@acme.be", "jo@acme.de", "jo@acme.com"):
        assert details(f"Cordialement,\nJo\n{line}", address) == ("", "")


def test_the_details_carry_the_name_and_address_from_the_headers() -> None:
    found = contact_details("Regards,\nJo Lambert\nAcme Industries SA\nT +33 4 72 00 11 22", "", "jo@acme.example")
    assert found == ContactDetails("jo@acme.example", "jo@acme.example", "Acme Industries SA", "+33 4 72 00 11 22")


def test_likely_regions_put_the_address_country_first_and_skip_generic_domains() -> None:
    assert likely_regions("jo@acme.be", "fr")[:3] == ("BE", "FR", "NL")
    assert likely_regions("jo@acme.co.uk")[0] == "GB"
    assert likely_regions("jo@startup.io", "de")[:2] == ("DE", "FR")
    assert likely_regions("jo@acme.com") == ("FR", "BE", "NL", "DE", "GB", "US")

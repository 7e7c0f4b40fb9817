"""responder.mime on the project's own small fixtures (tests/data/mail), one MIME form per test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from responder.mail import mime
from responder.mail.mime import Address, Attachment

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail"


def load(name: str) -> mime.ParsedMessage:
    return mime.parse((MAIL / name).read_bytes())


def test_plain_utf8_headers_addresses_ids_and_dates() -> None:
    msg = load("plain_utf8.eml")
    assert msg.content_type == "text/plain"
    assert msg.subject == "Re: Planning du chantier"
    assert msg.from_ == Address("Alice Martin", "Alice.Martin@Client.Example")
    assert msg.from_.key == "alice.martin@client.example" and msg.from_.domain == "client.example"
    assert msg.to == (Address("Owner", "owner@studio.example"), Address("Dupont, Jean", "jean@client.example"))
    assert msg.cc == (Address("", "bob@client.example"),)
    assert msg.reply_to == (Address("Alice", "alice@client.example"),)
    assert msg.message_id == "Abc.123@mail.client.example"
    assert msg.in_reply_to == ("prev-2@studio.example",)
    assert msg.references == ("root-1@studio.example", "prev-2@studio.example")
    assert msg.date == datetime(2025, 7, 15, 10, 20, 18, tzinfo=timezone(timedelta(hours=2)))
    assert msg.received_date == datetime(2025, 7, 15, 8, 20, 54, tzinfo=UTC)
    assert msg.header("LIST-ID") == "<planning.client.example>"
    assert len(msg.headers["received"]) == 2
    assert msg.new_text == "Bonjour,\n\nLa réunion de chantier est déplacée à jeudi, 14 h. Ça vous convient ?"
    assert msg.signature == "Cordialement,\nAlice Martin"
    assert msg.defects == ()
    assert msg.size == (MAIL / "plain_utf8.eml").stat().st_size


def test_quoted_printable_body_and_encoded_subject() -> None:
    msg = load("quoted_printable.eml")
    assert msg.subject == "Métré"
    assert "Voici le métré détaillé, avec les quantités révisées pour la façade arrière du bâtiment B" in msg.body_text
    assert msg.signature == "Merci,\nAlice"


def test_base64_body() -> None:
    msg = load("base64.eml")
    assert msg.new_text == "Guten Tag,\n\ndie Lieferung der Vitrinen erfolgt in KW 32. Bitte bestätigen Sie das Zeitfenster."
    assert msg.signature == "Mit freundlichen Grüßen\nStefan Becker"


def test_iso_8859_1_body_and_headers_with_a_windows_1252_apostrophe() -> None:
    msg = load("latin1.eml")
    assert msg.subject == "Délai de réception"
    assert msg.from_ is not None and msg.from_.name == "René Lefèvre"
    assert msg.new_text == "Bonjour,\n\nL’équipe a reçu les pièces ; la réception est prévue le 30 août."
    assert msg.defects == ()


def test_windows_1252_quoted_printable() -> None:
    msg = load("windows1252.eml")
    assert msg.new_text == "Le montant est de 640,00 € HTVA pour le œil-de-bœuf, “urgent”."


def test_mislabeled_charset_falls_back_and_says_so() -> None:
    msg = load("mislabeled_charset.eml")
    assert msg.body_text == "Pouvez-vous vérifier l'échéancier ? Merci."
    assert msg.defects == ("charset 'us-ascii' in part 1 mislabeled, decoded as windows-1252",)


def test_html_only_table_list_and_breaks_stay_legible() -> None:
    msg = load("html_only.eml")
    assert msg.content_type == "text/html"
    assert msg.body_html is not None and "<table>" in msg.body_html
    assert msg.body_text == (
        "Bonjour Inès,\n\nVoici l'état du budget :\n\n"
        "Poste | Montant\nGros œuvre | 12 400 €\nFaçades | 8 100 €\n\n"
        "- Lot 1 & 2 validés\n- Lot 3 à revoir\nPremière ligne\nDeuxième ligne"
    )
    assert "tracking" not in msg.body_text and "color" not in msg.body_text and "\xa0" not in msg.body_text


def test_multipart_alternative_prefers_plain() -> None:
    msg = load("alternative.eml")
    assert msg.body_text == "Plain version: the cases arrive in week 32."
    assert msg.body_html == "<div>HTML version: the cases arrive in <b>week 32</b>.</div>\n"


def test_multipart_alternative_with_a_stub_plain_part_uses_the_html() -> None:
    msg = load("alternative_stub.eml")
    assert msg.body_text.startswith("Summer at the museum\n\nLace-making for beginners every Wednesday")
    assert "HTML mail reader" not in msg.body_text


def test_mixed_with_attachment_notes_it_without_reading_it() -> None:
    msg = load("mixed_attachment.eml")
    assert msg.content_type == "multipart/mixed"
    assert msg.body_text == "Devis en pièce jointe."
    assert msg.attachments == (Attachment("Devis révisé.pdf", "application/pdf", 1040),)


def test_rfc2047_subject_display_names_and_malformed_words() -> None:
    msg = load("rfc2047.eml")
    assert msg.subject == "Re: Chantier – teinte des châssis ?"
    assert msg.from_ == Address("Jérôme Bissonette", "jerome@client.example")
    assert msg.to == (Address("Inès Vasseur", "ines@studio.example"), Address("Dupont, Jean", "jean@client.example"))
    assert msg.header("x-broken") == "cafÃ and naïve and =?utf-8?b?not*base64?="
    assert "unknown charset 'bogus-charset' in encoded word, decoded as windows-1252" in msg.defects
    assert "malformed encoded word in header" in msg.defects


def test_forwarded_message_rfc822_becomes_a_forward_block_with_its_author() -> None:
    msg = load("forward_rfc822.eml")
    assert msg.new_text == "For your file: the answer my colleague received."
    forward, original = msg.quoted
    assert forward.style == "forward"
    assert (forward.author_name, forward.author_address) == ("Peter Delegate", "peter.delegate@studio.example")
    assert forward.date == "Tue, 15 Jul 2025 16:58:33 +0200"
    assert forward.text.startswith("Sorry, I have no information about the schedule.\n\nPeter\n\n-----Original Message-----")
    assert (original.style, original.author_address, original.text) == (
        "outlook", "julie@client.example", "Is the 22 August deadline realistic?")
    assert msg.attachments == (Attachment("RE Schedule.eml", "message/rfc822", 263),)
    assert "Sorry, I have no information about the schedule." in msg.body_text


def test_inline_forwarded_message_keeps_its_original_author() -> None:
    msg = load("forward_inline.eml")
    assert msg.new_text == "FYI, see below."
    (block,) = msg.quoted
    assert (block.style, block.author_name, block.author_address) == ("forward", "Planning Team", "planning@supplier.example")
    assert block.date == "Fri, 18 Jul 2025 at 15:12"
    assert block.text == "We keep the manufacturing slot of week 31."


def test_missing_date_is_a_defect_not_an_error() -> None:
    msg = load("no_date.eml")
    assert msg.date is None and msg.received_date is None
    assert msg.defects == ("missing Date header",)
    assert msg.new_text == "The ceiling is still wet."


def test_broken_base64_decodes_what_it_can() -> None:
    msg = load("broken_base64.eml")
    assert msg.defects == ("broken base64 in part 1",)
    assert msg.new_text.startswith("Hello,\n\nHere are the site photos of week two, the modules are in ")
    assert "the modules are in place. Here are the site photos" in msg.new_text
    assert "\x00" not in msg.new_text


def test_unknown_charset_is_decoded_as_windows_1252() -> None:
    msg = load("unknown_charset.eml")
    assert msg.body_text == "Facture de 640,00 € pour l'intervention d'urgence."
    assert msg.defects == ("unknown charset 'x-foo' in part 1, decoded as windows-1252",)


def test_header_without_colon_does_not_end_the_header_block() -> None:
    msg = load("header_without_colon.eml")
    assert msg.defects == ("header without colon: X-Scanned-By MailScanner 5.4.5 (relay02.client.example)",)
    assert msg.subject == "Sperrung der Brücke"
    assert msg.to == (Address("", "owner@studio.example"),)
    assert msg.body_text == "Sehr geehrte Frau Vasseur, bitte bestätigen Sie den Termin."


def test_eight_bit_bytes_in_headers_are_decoded_and_reported() -> None:
    msg = load("eightbit_header.eml")
    assert msg.subject == "Meerwerk MW-07 – stilstand"
    assert msg.from_ == Address("Léa Marchal", "lea@client.example")
    assert msg.defects == ("8-bit bytes in header From", "8-bit bytes in header Subject")


def test_gmail_reply_uses_the_html_quote_and_nbsp_attribution() -> None:
    msg = load("gmail_fr_reply.eml")
    assert msg.new_text == "Sans réponse d'ici jeudi, le fournisseur décale la fabrication."
    (block,) = msg.quoted
    assert (block.style, block.author_name, block.author_address) == ("gmail-fr", "Peter Delegate", "peter@studio.example")
    assert block.text == "Salut Kevin,\n\nJe n'ai aucune information sur les châssis.\n\nPeter"
    assert "\xa0" not in msg.body_text


@pytest.mark.parametrize("raw", [
    b"", b"\x00\xff\xfe garbage", b"Subject: only a header", b"no headers at all\n\njust text",
    b"Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain; charset=base64\n\nhi\n",
    b"Content-Type: text/plain; charset=\"\n\n\xe9t\xe9", b"From: <>\nTo: ,,,;\nDate: not a date\n\nbody",
    b"Content-Type: message/rfc822\n\n" * 50,
])
def test_parse_never_raises(raw: bytes) -> None:
    msg = mime.parse(raw)
    assert isinstance(msg, mime.ParsedMessage)
    assert msg.size == len(raw)


def test_unparseable_date_and_empty_address_lists_are_defects() -> None:
    msg = mime.parse(b"From: <>\nTo: ,,,;\nDate: not a date\n\nbody")
    assert msg.to == ()
    assert "unparseable Date header: not a date" in msg.defects
    assert "unparseable From header" in msg.defects


def test_normalise_message_id() -> None:
    assert mime.normalise_message_id(" <Abc.DEF@Mail.Example.COM> ") == "Abc.DEF@mail.example.com"
    assert mime.normalise_message_id("abc@X.org") == "abc@x.org"
    assert mime.normalise_message_id("<>") is None
    assert mime.normalise_message_id("") is None


def test_parse_addresses_handles_lists_groups_and_encoded_names() -> None:
    found = mime.parse_addresses(['"Lemieux, Marc" <Marc@X.be>; jo@y.org', "undisclosed-recipients:;",
                                  "=?utf-8?q?Ren=C3=A9?= <rene@z.fr>, Van Acker, Thierry <t@l.be>"])
    assert found == (Address("Lemieux, Marc", "Marc@X.be"), Address("", "jo@y.org"), Address("René", "rene@z.fr"),
                     Address("Van Acker, Thierry", "t@l.be"))
    assert found[0].key == "marc@x.be" and found[0].domain == "x.be"

"""responder.quoting: one test per client's quote style, plus signatures, footers and HTML."""

from __future__ import annotations

import pytest

from responder.mail.quoting import QuotedBlock, html_to_text, own_text, split


def only_block(text: str, html: str | None = None) -> tuple[str, QuotedBlock]:
    result = split(text, html)
    assert len(result.quoted) == 1, result.quoted
    return result.new_text, result.quoted[0]


def author(block: QuotedBlock) -> tuple[str, str | None, str | None]:
    return block.style, block.author_name, block.author_address


def test_gmail_english() -> None:
    new, block = only_block(
        "Works for me.\n\nOn Mon, 14 Jul 2025 at 10:02, Marc Lemieux <Marc.Lemieux@x.be> wrote:\n\n"
        "> Can we meet on Thursday?\n>\n> Marc\n")
    assert new == "Works for me."
    assert author(block) == ("gmail", "Marc Lemieux", "marc.lemieux@x.be")
    assert block.date == "Mon, 14 Jul 2025 at 10:02"
    assert block.attribution == "On Mon, 14 Jul 2025 at 10:02, Marc Lemieux <Marc.Lemieux@x.be> wrote:"
    assert block.text == "Can we meet on Thursday?\n\nMarc"


def test_gmail_english_attribution_wrapped_over_three_lines_with_narrow_nbsp() -> None:
    new, block = only_block(
        "Yes.\n\nOn Mon, Jul 14, 2025 at 10:02\u202fAM Johnathan\nBartholomew-Smithers <jbs@very-long-domain.example>\n"
        "wrote:\n\n> Any news?\n")
    assert new == "Yes."
    assert author(block) == ("gmail", "Johnathan Bartholomew-Smithers", "jbs@very-long-domain.example")
    assert block.date == "Mon, Jul 14, 2025 at 10:02 AM"


def test_gmail_french_with_nbsp_before_the_colon() -> None:
    new, block = only_block(
        "Merci.\n\nLe lun. 14 juil. 2025 à 10:02, Marc Lemieux <marc@x.be> a écrit\u00a0:\n\n> Je n'ai aucune information.\n")
    assert new == "Merci."
    assert author(block) == ("gmail-fr", "Marc Lemieux", "marc@x.be")
    assert block.date == "lun. 14 juil. 2025 à 10:02"
    assert block.text == "Je n'ai aucune information."


def test_gmail_french_wrapped_attribution_with_narrow_nbsp() -> None:
    new, block = only_block(
        "Oui.\n\nLe lun. 14 juil. 2025 à 10:02, Marc Lemieux <marc.lemieux@studio.example>\na écrit\u202f:\n\n> Rien.\n")
    assert new == "Oui."
    assert author(block) == ("gmail-fr", "Marc Lemieux", "marc.lemieux@studio.example")


def test_french_attribution_with_accents_stripped_by_a_converter() -> None:
    new, block = only_block("Oui.\n\nLe lun. 14 juil. 2025 a 10:02, Marc Lemieux <marc@x.be> a ecrit :\n\n> Rien.\n")
    assert (new, author(block)) == ("Oui.", ("gmail-fr", "Marc Lemieux", "marc@x.be"))


def test_german_am_schrieb() -> None:
    new, block = only_block(
        "Hallo Anna,\n\ndas passt.\n\nAm 14.07.2025 um 10:02 schrieb Anna Schmidt <anna.schmidt@kunde.de>:\n"
        "> Können Sie den Termin bestätigen?\n")
    assert new == "Hallo Anna,\n\ndas passt."
    assert author(block)[1:] == ("Anna Schmidt", "anna.schmidt@kunde.de")
    assert block.date == "14.07.2025 um 10:02"


def test_dutch_op_schreef_and_het_volgende_geschreven() -> None:
    for attribution in ("Op 14 jul. 2025 om 10:02 schreef Jan de Vries <jan@klant.nl>:",
                        "Op 14 jul. 2025 om 10:02 heeft Jan de Vries <jan@klant.nl> het volgende geschreven:"):
        new, block = only_block(f"Prima.\n\n{attribution}\n\n> Kunt u dit bevestigen?\n")
        assert new == "Prima."
        assert author(block)[1:] == ("Jan de Vries", "jan@klant.nl")
        assert block.date == "14 jul. 2025 om 10:02"


def test_outlook_original_message_english_with_mailto_address() -> None:
    new, block = only_block(
        "OK.\n\n-----Original Message-----\nFrom: Smith, John [mailto:John.Smith@Acme.example]\n"
        "Sent: Monday, July 14, 2025 10:02 AM\nTo: Peter\nSubject: RE: Plans\n\nPlease send the plans.\n")
    assert new == "OK."
    assert author(block) == ("outlook", "Smith, John", "john.smith@acme.example")
    assert block.date == "Monday, July 14, 2025 10:02 AM"
    assert block.text == "Please send the plans."
    assert block.attribution is not None and block.attribution.startswith("-----Original Message-----\nFrom: Smith")


def test_outlook_french_header_block_after_underscores_with_nbsp() -> None:
    new, block = only_block(
        "Merci.\n\n________________________________\nDe\u00a0: Julie Roy <julie@client.ca>\n"
        "Envoyé\u00a0: lundi 14 juillet 2025 10:02\nÀ\u00a0: Peter <peter@studio.example>\nObjet\u00a0: Échéancier\n\n"
        "Est-ce réaliste?\n")
    assert new == "Merci."
    assert author(block) == ("outlook", "Julie Roy", "julie@client.ca")
    assert (block.date, block.text) == ("lundi 14 juillet 2025 10:02", "Est-ce réaliste?")


def test_outlook_french_de_without_space_and_message_d_origine() -> None:
    new, block = only_block(
        "Merci.\n\n-----Message d'origine-----\nDe: Julie Roy <julie@client.ca>\nEnvoyé: lundi 14 juillet 2025 10:02\n"
        "À: Peter <peter@studio.example>\nObjet: Échéancier\n\nEst-ce réaliste?\n")
    assert (new, author(block), block.text) == ("Merci.", ("outlook", "Julie Roy", "julie@client.ca"), "Est-ce réaliste?")


def test_outlook_german_von_gesendet() -> None:
    new, block = only_block(
        "Danke.\n\n-----Ursprüngliche Nachricht-----\nVon: Anna Schmidt <anna@kunde.de>\n"
        "Gesendet: Montag, 14. Juli 2025 10:02\nAn: Peter <peter@studio.example>\nBetreff: Termin\n\nBestätigen?\n")
    assert (new, author(block), block.date) == (
        "Danke.", ("outlook", "Anna Schmidt", "anna@kunde.de"), "Montag, 14. Juli 2025 10:02")


def test_outlook_dutch_van_verzonden_without_separator() -> None:
    new, block = only_block(
        "Prima.\n\nVan: Jan de Vries <jan@klant.nl>\nVerzonden: maandag 14 juli 2025 10:02\n"
        "Aan: Peter <peter@studio.example>\nOnderwerp: Levering\n\nKunt u dit bevestigen?\n")
    assert (new, author(block), block.text) == (
        "Prima.", ("outlook", "Jan de Vries", "jan@klant.nl"), "Kunt u dit bevestigen?")


def test_apple_mail_english_and_french() -> None:
    new, block = only_block("Thanks!\n\nOn 14 Jul 2025, at 10:02, Jo Bloggs <jo@client.example> wrote:\n\n> Any news?\n")
    assert (new, author(block), block.date) == ("Thanks!", ("apple", "Jo Bloggs", "jo@client.example"),
                                                "14 Jul 2025, at 10:02")
    new, block = only_block("Merci !\n\nLe 14 juil. 2025 à 10:02, Marie Curie <marie@client.fr> a écrit :\n\n"
                            "> Bonjour,\n> Où en est le dossier ?\n")
    assert (new, author(block), block.text) == (
        "Merci !", ("apple", "Marie Curie", "marie@client.fr"), "Bonjour,\nOù en est le dossier ?")


def test_thunderbird_name_without_address() -> None:
    new, block = only_block("Sure.\n\nOn 14/07/2025 10:02, Jo Bloggs wrote:\n> Any news?\n")
    assert (new, author(block), block.date) == ("Sure.", ("thunderbird", "Jo Bloggs", None), "14/07/2025 10:02")


def test_prefixed_quotes_nest_and_can_be_split_again() -> None:
    result = split("Top.\n\nOn Mon, 14 Jul 2025 at 10:02, Bob <bob@b.example> wrote:\n> Middle.\n>\n"
                   "> On Sun, 13 Jul 2025 at 09:00, Ann <ann@a.example> wrote:\n> > Bottom.\n")
    outer, inner = result.quoted
    assert result.new_text == "Top."
    assert outer.text == "Middle.\n\nOn Sun, 13 Jul 2025 at 09:00, Ann <ann@a.example> wrote:\n> Bottom."
    assert (outer.author_name, inner.author_name, inner.text) == ("Bob", "Ann", "Bottom.")
    assert own_text(outer) == "Middle."
    assert split(outer.text).quoted == (inner,)


def test_prefix_quote_without_attribution_and_inline_answers() -> None:
    result = split("> First question?\nAnswer one.\n\n> Second question?\nAnswer two.\n\nThanks,\nAlice\n")
    assert result.new_text == "Answer one.\n\nAnswer two."
    assert [(q.style, q.text, q.author_name) for q in result.quoted] == [
        ("prefix", "First question?", None), ("prefix", "Second question?", None)]
    assert result.signature == "Thanks,\nAlice"


def test_bottom_posting_keeps_the_text_after_the_quote() -> None:
    result = split("On Mon, 14 Jul 2025 at 10:02, Bob <bob@b.example> wrote:\n> Can you come?\n\n"
                   "Yes, I can come on Thursday.\n\n-- \nAlice\n")
    assert (result.new_text, result.signature) == ("Yes, I can come on Thursday.", "-- \nAlice")
    assert result.quoted[0].text == "Can you come?"


def test_inline_forward_banners() -> None:
    new, block = only_block("Pour info.\n\nDébut du message réexpédié\u00a0:\n\nDe: Hydro <noreply@hydro.example>\n"
                            "Objet: Raccordement\nDate: 24 juillet 2025 à 10:02\nÀ: Stéphane <s@b.example>\n\n"
                            "Nous confirmons le raccordement.\n")
    assert (new, author(block), block.date, block.text) == (
        "Pour info.", ("forward", "Hydro", "noreply@hydro.example"), "24 juillet 2025 à 10:02",
        "Nous confirmons le raccordement.")
    new, block = only_block("Voir plus bas\n\n-------- Message transféré --------\nSujet : Plans\n"
                            "Date : Mon, 14 Jul 2025 10:02:00 +0200\nDe : Jo <jo@client.example>\n\nVoici les plans.\n")
    assert (new, author(block), block.text) == ("Voir plus bas", ("forward", "Jo", "jo@client.example"), "Voici les plans.")


def test_html_gmail_quote_is_used_before_text_markers() -> None:
    html = ('<div dir="ltr">Merci.</div><div class="gmail_quote"><div class="gmail_attr">Le lun. 14 juil. 2025 à 10:02, '
            'Marc &lt;marc@x.be&gt; a écrit&nbsp;:<br></div><blockquote class="gmail_quote"><div>Aucune idée.</div>'
            '</blockquote></div>')
    new, block = only_block("Merci.\n\n(plain part without the quote)", html)
    assert (new, author(block), block.text) == ("Merci.", ("gmail-fr", "Marc", "marc@x.be"), "Aucune idée.")


def test_html_apple_cite_with_the_attribution_inside_the_blockquote() -> None:
    html = ('<div>Thanks.</div><blockquote type="cite"><div>On 16 Jul 2025, at 11:45, Marc &lt;marc@x.be&gt; wrote:</div>'
            '<br><div>No clue.</div><blockquote type="cite"><div>On 15 Jul 2025, at 09:40, Griet &lt;g@m.be&gt; wrote:'
            '</div><div>When?</div></blockquote></blockquote>')
    result = split("", html)
    assert result.new_text == "Thanks."
    assert [(author(q), own_text(q)) for q in result.quoted] == [
        (("apple", "Marc", "marc@x.be"), "No clue."), (("apple", "Griet", "g@m.be"), "When?")]


def test_html_outlook_divrplyfwdmsg_and_unknown_header_language() -> None:
    owa = ('<div>Merci, c\'est noté.</div><hr tabindex="-1"><div id="divRplyFwdMsg"><b>De&nbsp;:</b> Julie Roy '
           '&lt;julie@client.ca&gt;<br><b>Envoyé&nbsp;:</b> lundi 14 juillet 2025 10:02<br><b>Objet&nbsp;:</b> Plan'
           '</div><div>Est-ce réaliste ?</div>')
    new, block = only_block("", owa)
    assert (new, author(block), block.text) == ("Merci, c'est noté.", ("outlook", "Julie Roy", "julie@client.ca"),
                                                "Est-ce réaliste ?")
    spanish = ('<div>Gracias.</div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
               '<p class="MsoNormal"><b>Remitente:</b> Ana &lt;ana@cliente.es&gt;<br><b>Sendt am:</b> lunes<br>'
               '<b>Asunto:</b> Plano</p></div><p class="MsoNormal">¿Tiene el plano?</p>')
    new, block = only_block("", spanish)
    assert (new, author(block), block.text) == ("Gracias.", ("outlook", "Ana", "ana@cliente.es"), "¿Tiene el plano?")


def test_html_thunderbird_moz_cite_prefix() -> None:
    html = ('<p>Sounds good.</p><div class="moz-cite-prefix">On 14/07/2025 10:02, Jo Bloggs wrote:<br></div>'
            '<blockquote type="cite"><p>Any news?</p><blockquote type="cite"><p>Older.</p></blockquote></blockquote>')
    result = split("", html)
    assert result.new_text == "Sounds good."
    assert [(q.style, q.author_name, q.text) for q in result.quoted] == [
        ("thunderbird", "Jo Bloggs", "Any news?\n\n> Older."), ("html", None, "Older.")]


@pytest.mark.parametrize(("body", "new", "signature"), [
    ("Please confirm.\n\n-- \nJohn Smith\nACME Ltd\n", "Please confirm.", "-- \nJohn Smith\nACME Ltd"),
    ("Pouvez-vous confirmer ?\n\nCordialement,\n\nMarie Curie\nCheffe de projet\nTél. 02 515 40 22\n",
     "Pouvez-vous confirmer ?", "Cordialement,\n\nMarie Curie\nCheffe de projet\nTél. 02 515 40 22"),
    ("Bitte bestätigen.\n\nMit freundlichen Grüßen\nAnna Schmidt\n", "Bitte bestätigen.",
     "Mit freundlichen Grüßen\nAnna Schmidt"),
    ("Graag bevestiging.\n\nMet vriendelijke groet,\nJan de Vries\n", "Graag bevestiging.",
     "Met vriendelijke groet,\nJan de Vries"),
    ("Is it ready?\n\nBest regards,\nSarah\n", "Is it ready?", "Best regards,\nSarah"),
    ("On se voit jeudi ?\n\nMerci et bonnes vacances,\nStéphane Bérubé, ing.\n", "On se voit jeudi ?",
     "Merci et bonnes vacances,\nStéphane Bérubé, ing."),
    ("Ok pour moi.\n\nJulie\n\nEnvoyé de mon iPhone\n", "Ok pour moi.", "Julie\n\nEnvoyé de mon iPhone"),
    ("Can we meet Thursday?\n\nJohn Smith\nSenior Engineer\n+44 20 7946 0958\nwww.acme.example\n",
     "Can we meet Thursday?", "John Smith\nSenior Engineer\n+44 20 7946 0958\nwww.acme.example"),
    ("Merci pour le plan, c'est clair.\n\nJe reviens vers vous demain.\n",
     "Merci pour le plan, c'est clair.\n\nJe reviens vers vous demain.", None),
])
def test_signatures_and_sign_offs_are_not_new_text(body: str, new: str, signature: str | None) -> None:
    result = split(body)
    assert (result.new_text, result.signature) == (new, signature)


@pytest.mark.parametrize("footer", [
    ("This email and any attachments are confidential and intended solely for the addressee. If you have received it "
     "in error, please notify the sender and delete it."),
    ("Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs destinataires. Si vous avez "
     "reçu ce message par erreur, merci de le détruire."),
    ("Dit bericht is vertrouwelijk en uitsluitend bestemd voor de geadresseerde. Indien u dit bericht per vergissing "
     "heeft ontvangen, gelieve de afzender te verwittigen."),
    ("Diese E-Mail enthält vertrauliche Informationen und ist nur für den Empfänger bestimmt. Wenn Sie diese E-Mail "
     "irrtümlich erhalten haben, informieren Sie bitte den Absender."),
])
def test_legal_disclaimers_are_not_new_text(footer: str) -> None:
    result = split(f"Please confirm the date.\n\nRegards,\nJohn\n\n{footer}\n")
    assert result.new_text == "Please confirm the date."
    assert result.signature == f"Regards,\nJohn\n\n{footer}"


def test_a_notice_alone_is_still_the_message() -> None:
    text = "Ce document est confidentiel : merci de ne pas le transmettre à d'autres destinataires que le comité."
    assert split(text).new_text == text


def test_prose_that_looks_like_an_attribution_is_not_a_quote() -> None:
    text = "On our side, all good. Here is what the client wrote:\nThe site is closed on Friday."
    result = split(text)
    assert (result.new_text, result.quoted) == (text, ())


def test_html_to_text_tables_lists_entities_and_dropped_elements() -> None:
    html = ("<html><head><style>p{}</style><title>t</title></head><body><script>x()</script>"
            "<h2>Titre</h2><ol><li>un</li><li>deux<ul><li>deux-a</li></ul></li></ol>"
            "<table><tr><td></td><td>b&nbsp;1</td><td> </td><td>c</td></tr></table>"
            "<p>x&lt;y &amp; z\u200b</p><div>a<br>b</div></body></html>")
    assert html_to_text(html) == "Titre\n\n1. un\n2. deux\n  - deux-a\n\nb 1 | c\n\nx<y & z\n\na\nb"


# ---- Outlook header blocks as they really arrive: wrapped values, keys alone, HTML renderings ----

def test_outlook_sent_value_wrapped_onto_the_next_line() -> None:
    new, block = only_block(
        "Thanks.\n\nFrom: Peter Novak <peter.novak@studio.example>\nSent: Tuesday, July 15, 2025\n10:02 AM\n"
        "To: Jo Lambert <jo@acme.example>\nSubject: RE: Roof\n\nHi Jo,\n\nI have no information on the roof.\n")
    assert new == "Thanks."
    assert author(block) == ("outlook", "Peter Novak", "peter.novak@studio.example")
    assert block.date == "Tuesday, July 15, 2025 10:02 AM"
    assert block.text == "Hi Jo,\n\nI have no information on the roof."


def test_outlook_recipients_and_sender_wrapped_over_several_lines() -> None:
    new, block = only_block(
        "Thanks.\n\nFrom: Novak, Peter\n<peter.novak@studio.example>\nSent: Tuesday, July 15, 2025 10:02 AM\n"
        "To: Jo Lambert <jo@acme.example>; Anna Kovacs\n<anna.kovacs@studio.example>; Sam Other\n"
        "Subject: RE: Roof\n\nHi Jo, the roof is fine.\n")
    assert (new, author(block), block.text) == (
        "Thanks.", ("outlook", "Novak, Peter", "peter.novak@studio.example"), "Hi Jo, the roof is fine.")


def test_outlook_french_long_subject_wrapped_with_nbsp_before_colons() -> None:
    new, block = only_block(
        "Merci.\n\nDe\u00a0: Peter Novak <peter.novak@studio.example>\nEnvoyé\u00a0: mardi 15 juillet 2025 10:02\n"
        "À\u00a0: Jo <jo@acme.example>\nObjet\u00a0: RE: Toiture et étanchéité du bâtiment B, lot 4 menuiseries\n"
        "extérieures\n\nBonjour, je n'ai aucune information.\n")
    assert (new, author(block), block.text) == (
        "Merci.", ("outlook", "Peter Novak", "peter.novak@studio.example"), "Bonjour, je n'ai aucune information.")


def test_outlook_french_keys_on_lines_of_their_own() -> None:
    new, block = only_block(
        "Merci.\n\nDe\u00a0:\nPeter Novak <peter.novak@studio.example>\nEnvoyé\u00a0:\nmardi 15 juillet 2025 10:02\n"
        "À\u00a0:\nJo\nObjet\u00a0:\nRE: Toiture\n\nBonjour, je n'ai aucune information.\n")
    assert (new, author(block), block.date) == (
        "Merci.", ("outlook", "Peter Novak", "peter.novak@studio.example"), "mardi 15 juillet 2025 10:02")
    assert block.text == "Bonjour, je n'ai aucune information."


def test_outlook_for_mac_puts_the_date_above_the_sender() -> None:
    new, block = only_block(
        "OK.\n\nSent: Tuesday, July 15, 2025 10:02 AM\nFrom: Peter Novak <peter.novak@studio.example>\nTo: Jo\n"
        "Subject: RE: Roof\n\nHi Jo, I have no information.\n")
    assert (new, author(block), block.date) == (
        "OK.", ("outlook", "Peter Novak", "peter.novak@studio.example"), "Tuesday, July 15, 2025 10:02 AM")


def test_a_wrapped_header_in_a_nested_block_keeps_the_older_words_out_of_the_reply() -> None:
    result = split(
        "OK.\n\nFrom: Peter Novak <peter.novak@studio.example>\nSent: Tuesday, July 15, 2025 10:02 AM\nTo: Jo\n"
        "Subject: RE: Roof\n\nHi Jo, the roof is fine.\n\nFrom: Jo Lambert <jo@acme.example>\n"
        "Sent: Monday, July 14, 2025\n9:00 AM\nTo: Peter\nSubject: Roof\n\nI have no information about the roof at all.\n")
    outer, inner = result.quoted
    assert own_text(outer) == "Hi Jo, the roof is fine."
    assert (inner.author_address, own_text(inner)) == ("jo@acme.example", "I have no information about the roof at all.")


def test_prose_with_a_field_like_line_is_not_a_header_block() -> None:
    text = "Hello,\n\nFrom: our side nothing changes.\nThe delivery stays on Friday.\n\nJo"
    assert split(text).quoted == () and split(text).new_text.startswith("Hello,")
    result = split("Thanks.\n\nFrom: Peter <peter@studio.example>\nSent: Tuesday 10:02\nSubject: Roof\nHi Jo, fine.\n\nPeter")
    assert result.quoted[0].text.startswith("Hi Jo, fine.")  # a short subject is not continued by the body
    result = split("Thanks.\n\nFrom: Peter <peter@studio.example>\nSent: Tuesday 10:02\nSubject: Roof\nCc:\nHi Jo,\n"
                   "the roof is fine.\n\nPeter")
    assert result.quoted[0].text.startswith("Hi Jo,\nthe roof is fine.")  # an empty Cc does not swallow the body


OUTLOOK_DESKTOP_FR_HTML = (
    '<html><body><div class="WordSection1"><p class="MsoNormal">Ce n\'est pas acceptable.<o:p></o:p></p>'
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
    '<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">'
    '<b><span lang="FR">De&nbsp;:</span></b><span lang="FR"> Novak, Peter &lt;peter.novak@studio.example&gt; <br>'
    '<b>Envoy&eacute;&nbsp;:</b> mardi 15 juillet 2025 10:02<br><b>&Agrave;&nbsp;:</b> Jo Lambert &lt;jo@acme.example&gt;; '
    'Anna Kovacs &lt;anna.kovacs@studio.example&gt;; Sam Other &lt;sam@other.example&gt;<br>'
    '<b>Objet&nbsp;:</b> RE: Toiture<o:p></o:p></span></p></div></div>'
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Bonjour Jo,<o:p></o:p></p>'
    '<p class="MsoNormal">Je n\'ai aucune information sur la toiture.<o:p></o:p></p></div></body></html>')

OUTLOOK_HEADER_TABLE_HTML = (
    '<p>Merci.</p><table><tr><td><b>De&nbsp;:</b></td><td>Peter Novak &lt;peter.novak@studio.example&gt;</td></tr>'
    '<tr><td><b>Envoyé&nbsp;:</b></td><td>mardi 15 juillet 2025 10:02</td></tr><tr><td><b>À&nbsp;:</b></td><td>Jo</td></tr>'
    '<tr><td><b>Objet&nbsp;:</b></td><td>RE: Toiture</td></tr></table><p>Bonjour, je n\'ai aucune information.</p>')

OUTLOOK_MAC_HTML = (
    '<div>OK.</div><div><br></div><div style="border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0 0 0">'
    '<p class="MsoNormal"><b>From: </b>Peter Novak &lt;peter.novak@studio.example&gt;<br>'
    '<b>Date: </b>Tuesday, 15 July 2025 at 10:02<br><b>To: </b>Jo &lt;jo@acme.example&gt;<br><b>Subject: </b>RE: Roof</p>'
    '</div><p class="MsoNormal">&nbsp;</p><p class="MsoNormal">Hi Jo, I have no information.</p>')


@pytest.mark.parametrize(("html", "new", "date", "own"), [
    (OUTLOOK_DESKTOP_FR_HTML, "Ce n'est pas acceptable.", "mardi 15 juillet 2025 10:02",
     "Bonjour Jo,\nJe n'ai aucune information sur la toiture."),
    (OUTLOOK_HEADER_TABLE_HTML, "Merci.", "mardi 15 juillet 2025 10:02", "Bonjour, je n'ai aucune information."),
    (OUTLOOK_MAC_HTML, "OK.", "Tuesday, 15 July 2025 at 10:02", "Hi Jo, I have no information."),
], ids=["desktop-fr", "header-table", "mac"])
def test_outlook_html_header_blocks(html: str, new: str, date: str, own: str) -> None:
    got_new, block = only_block("", html)
    assert (got_new, block.style, block.author_address, block.date, own_text(block)) == (
        new, "outlook", "peter.novak@studio.example", date, own)
    assert block.author_name in ("Peter Novak", "Novak, Peter")

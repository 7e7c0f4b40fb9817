import datetime as dt
import email
import logging
from email import policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from responder.compose.composer import (
    Composed,
    CompositionError,
    Delegate,
    InternalText,
    InternalTextLeak,
    Person,
    ProjectInfo,
    ReplySettings,
    auto_subject,
    choose_recipient,
    compose_handover,
    compose_reply,
)
from responder.compose.templates import TemplateSet
from responder.judge import briefs
from responder.judge.briefs import Brief, Section
from responder.mail import mime
from responder.mail.mime.model import Address, ParsedMessage

DATA = Path(__file__).resolve().parents[1] / "data" / "briefs"
NOW = dt.datetime(2026, 7, 20, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
ATLAS = ProjectInfo("atlas", "Atlas ERP migration")
SETTINGS = ReplySettings(
    employee=Person("Alex Durand", "alex.durand@corp.example"),
    delegate=Delegate("Sam Martin", "sam.martin@corp.example", "+33 1 23 45 67 89", "Project manager"),
    return_date=dt.date(2026, 7, 24),
)
LONG_ID = "AM0PR07MB4418C1A8E9F6B5D0A5F7C2B8C9A40AM0PR07MB4418C1A8E9F6B5D0A5F7C2B8C9A40@AM0PR07MB4418.eurprd07.prod.outlook.com"


def message(
    subject: str = "Go-live date?",
    *,
    from_: str | None = "Jo Lambert <jo@acme.example>",
    extra: tuple[str, ...] = (),
    message_id: str | None = "<q1@acme.example>",
    references: str | None = "<r1@acme.example> <r2@acme.example>",
    body: str = "Hello Alex,\n\nWhen is the go-live of the stock module?\n\nJo",
) -> ParsedMessage:
    lines = [*extra, "To: Alex Durand <alex.durand@corp.example>", f"Subject: {subject}", "Date: Mon, 20 Jul 2026 09:00:00 +0200"]
    lines += [f"From: {from_}"] if from_ else []
    lines += [f"Message-ID: {message_id}"] if message_id else []
    lines += [f"References: {references}"] if references else []
    return mime.parse("\r\n".join([*lines, "", body]).encode("utf-8"))


@pytest.fixture(scope="module")
def atlas() -> Brief:
    return briefs.load(DATA / "atlas.md")


@pytest.fixture(scope="module")
def internal(atlas: Brief) -> InternalText:
    return InternalText.from_briefs([atlas])


@pytest.fixture(scope="module")
def shipped() -> TemplateSet:
    return TemplateSet(None, "en")


def section(brief: Brief, heading: str) -> Section:
    return next(s for s in brief.sections if s.heading == heading)


def reply(templates: TemplateSet, internal: InternalText, original: ParsedMessage | None = None, **kwargs: object) -> Composed:
    options: dict[str, object] = {"language": "en", "project": ATLAS, "settings": SETTINGS, **kwargs}
    return compose_reply(original or message(), templates=templates, now=NOW, internal=internal, **options)  # type: ignore[arg-type]


def bodies(composed: Composed) -> str:
    """Every body part, decoded (headers hold random Message-ID digits that could match "950")."""
    return "\n".join(part.get_content() for part in reparsed(composed).walk() if part.get_content_maintype() == "text")


def reparsed(composed: Composed) -> EmailMessage:
    """The message as the client's mail program reads it."""
    parsed = email.message_from_bytes(composed.message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_reply_headers(shipped: TemplateSet, internal: InternalText) -> None:
    composed = reply(shipped, internal)
    sent = reparsed(composed)
    assert sent["From"] == "Alex Durand <alex.durand@corp.example>"
    assert sent["To"] == "Jo Lambert <jo@acme.example>"
    assert sent["Cc"] == "Sam Martin <sam.martin@corp.example>"
    assert sent["Subject"] == "Auto: Go-live date?"
    assert sent["In-Reply-To"] == "<q1@acme.example>"
    assert sent["References"] == "<r1@acme.example> <r2@acme.example> <q1@acme.example>"
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["X-Auto-Response-Suppress"] == "All"
    assert sent["Precedence"] == "auto_reply"
    assert sent["Date"] == "Mon, 20 Jul 2026 09:30:00 +0200"
    assert sent["Message-ID"] == f"<{composed.message_id}>"
    assert composed.message_id.endswith("@corp.example")
    assert composed.recipients == ("jo@acme.example", "sam.martin@corp.example")
    assert b"\r\n" in composed.message.as_bytes()


def test_no_cc_when_the_delegate_is_not_copied(shipped: TemplateSet, internal: InternalText) -> None:
    settings = ReplySettings(SETTINGS.employee, SETTINGS.delegate, SETTINGS.return_date, cc_delegate=False)
    composed = reply(shipped, internal, settings=settings)
    assert composed.message["Cc"] is None
    assert composed.recipients == ("jo@acme.example",)
    assert "Sam Martin" in composed.text  # his details are still given


def test_references_start_from_in_reply_to_when_there_are_none(shipped: TemplateSet, internal: InternalText) -> None:
    original = message(references=None, extra=("In-Reply-To: <p0@corp.example>",))
    sent = reparsed(reply(shipped, internal, original))
    assert sent["References"] == "<p0@corp.example> <q1@acme.example>"


def test_message_ids_keep_the_senders_spelling(shipped: TemplateSet, internal: InternalText) -> None:
    original = message(message_id="<Q1@ACME.Example>", references="<R1@Mail.ACME.example>")
    sent = reparsed(reply(shipped, internal, original))
    assert sent["In-Reply-To"] == "<Q1@ACME.Example>"
    assert sent["References"] == "<R1@Mail.ACME.example> <Q1@ACME.Example>"


def test_no_threading_headers_without_message_id(shipped: TemplateSet, internal: InternalText) -> None:
    sent = reparsed(reply(shipped, internal, message(message_id=None, references=None)))
    assert sent["In-Reply-To"] is None and sent["References"] is None


def test_ids_with_8bit_bytes_are_left_out_and_the_reply_still_goes(shipped: TemplateSet, internal: InternalText) -> None:
    original = message(message_id="<ümlaut@acme.example>", references="<r1@acme.example> <é2@acme.example>")
    sent = reparsed(reply(shipped, internal, original))
    assert sent["In-Reply-To"] is None and sent["References"] is None  # no own id: nothing to thread on
    answer = message(message_id="<q2@acme.example>", references="<r1@acme.example> <é2@acme.example>")
    assert reparsed(reply(shipped, internal, answer))["References"] == "<r1@acme.example> <q2@acme.example>"


def test_long_message_ids_are_folded_never_encoded(shipped: TemplateSet, internal: InternalText) -> None:
    original = message(message_id=f"<{LONG_ID}>", references=" ".join(f"<{n}.{LONG_ID}>" for n in range(30)))
    composed = reply(shipped, internal, original)
    raw = composed.message.as_bytes()
    assert b"=?" not in raw.split(b"\r\n\r\n")[0].split(b"References:")[1].split(b"\r\nAuto-Submitted")[0]
    sent = reparsed(composed)
    ids = sent["References"].split()
    assert len(ids) == 20
    assert ids[0] == f"<0.{LONG_ID}>" and ids[-1] == f"<{LONG_ID}>"  # byte for byte: clients compare ids exactly
    assert sent["In-Reply-To"] == ids[-1]


@pytest.mark.parametrize(("subject", "expected"), [
    ("=?utf-8?q?R=C3=A9union_de_lancement?=", "Auto: Réunion de lancement"),
    ("=?utf-8?q?Auto=3A_R=C3=A9union?=", "Auto: Réunion"),
    ("auto: AUTO:  Devis", "Auto: Devis"),
    ("Re: Devis", "Auto: Re: Devis"),
    ("", "Auto: Out of office"),
])
def test_subject_is_auto_prefixed_once_and_decoded(shipped: TemplateSet, internal: InternalText, subject: str,
                                                   expected: str) -> None:
    sent = reparsed(reply(shipped, internal, message(subject)))
    assert sent["Subject"] == expected


def test_empty_subject_in_french() -> None:
    assert auto_subject("  ", "fr") == "Auto: Absence"


def test_subject_never_spans_lines() -> None:
    assert auto_subject("Hello\r\nBcc: evil@x.example") == "Auto: Hello Bcc: evil@x.example"


@pytest.mark.parametrize(("extra", "from_", "expected"), [
    ((), "Jo <jo@acme.example>", "jo@acme.example"),
    (("Reply-To: Projects <projects@acme.example>",), "Jo <jo@acme.example>", "projects@acme.example"),
    (("Reply-To: <jo@mail.acme.example>",), "Jo <jo@acme.example>", "jo@mail.acme.example"),
    (("Reply-To: Jo <jo@acme-example.com>",), "Jo <jo@acme.example>", "jo@acme.example"),  # look-alike domain
    (("Reply-To: <x@example>",), "Jo <jo@acme.example>", "jo@acme.example"),  # parent-ish, not a subdomain
    (("Return-Path: <bounces+123@esp.example>",), "Jo <jo@acme.example>", "jo@acme.example"),
    (("Return-Path: <jo@acme.example>",), "Jo <jo@acme.example>", "jo@acme.example"),
])
def test_recipient_choice(extra: tuple[str, ...], from_: str, expected: str) -> None:
    chosen = choose_recipient(message(extra=extra, from_=from_))
    assert chosen is not None and chosen.address == expected


@pytest.mark.parametrize("from_", [None, "undisclosed-recipients:;", "Jo <jo@localhost>", "Jo <jö@acme.example>"])
def test_no_usable_recipient(from_: str | None) -> None:
    assert choose_recipient(message(from_=from_)) is None


def test_reply_to_never_borrows_the_author_name() -> None:
    assert choose_recipient(message(extra=("Reply-To: <jo.l@acme.example>",))) == Address("", "jo.l@acme.example")
    assert choose_recipient(message(extra=("Reply-To: Billing <jo.l@acme.example>",))) == Address("Billing", "jo.l@acme.example")


def test_compose_refuses_without_recipient(shipped: TemplateSet, internal: InternalText) -> None:
    with pytest.raises(CompositionError, match="no usable address"):
        reply(shipped, internal, message(from_=None))


def test_reply_to_the_look_alike_domain_is_never_used(shipped: TemplateSet, internal: InternalText) -> None:
    composed = reply(shipped, internal, message(extra=("Reply-To: Jo <jo@acme-example.com>",)))
    assert composed.recipients[0] == "jo@acme.example"
    assert "acme-example.com" not in str(composed.message["To"])


@pytest.mark.parametrize(("language", "date", "greeting"), [
    ("en", "24 July 2026", "Dear Jo Lambert,"),
    ("fr", "24 juillet 2026", "Bonjour Jo Lambert,"),
    ("de", "24 July 2026", "Dear Jo Lambert,"),  # no German template: English, with an English date
])
def test_return_date_and_language(shipped: TemplateSet, internal: InternalText, language: str, date: str,
                                  greeting: str) -> None:
    composed = reply(shipped, internal, language=language)
    assert composed.text.startswith(greeting)
    assert date in composed.text
    html = reparsed(composed).get_body(("html",))
    assert html is not None and date in html.get_content()


def test_text_and_html_alternatives(shipped: TemplateSet, internal: InternalText) -> None:
    sent = reparsed(reply(shipped, internal))
    assert sent.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in sent.iter_parts()] == ["text/plain", "text/html"]


def test_text_only_when_the_user_template_has_no_html(tmp_path: Path, internal: InternalText) -> None:
    (tmp_path / "reply.en.txt.j2").write_text("Back on {{ return_date }}, {{ delegate.name }} covers.")
    composed = reply(TemplateSet(tmp_path, "en"), internal)
    assert composed.message.get_content_type() == "text/plain"
    assert composed.text == "Back on 24 July 2026, Sam Martin covers.\n"
    assert composed.template == "reply.en.txt.j2"


def test_quoted_printable_lines_keep_to_76_characters(tmp_path: Path, internal: InternalText) -> None:
    """RFC 2045 §6.7 allows quoted-printable lines 76 characters (the stdlib's SMTP policy would write 78)."""
    (tmp_path / "reply.en.txt.j2").write_text("Réponse " * 40 + "\n" + "x" * 300 + "\n")
    (tmp_path / "reply.en.html.j2").write_text("<p>" + "café crème " * 40 + "</p>\n")
    composed = reply(TemplateSet(tmp_path, "en"), internal)
    body = composed.raw.split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n")) == 76
    assert "café crème café" in bodies(composed)


def test_excerpt_only_when_passed(shipped: TemplateSet, internal: InternalText, atlas: Brief) -> None:
    without = reply(shipped, internal)
    assert "project notes may already answer" not in without.text and not without.excerpt_sent
    schedule = section(atlas, "Schedule")
    composed = reply(shipped, internal, excerpt=schedule)
    assert composed.excerpt_sent
    assert "This part of the project notes may already answer your question:\n\nSchedule\n- Data freeze" in composed.text
    html = reparsed(composed).get_body(("html",))
    assert html is not None and "Go-live of the stock module: Monday 13 July 2026." in html.get_content()


def test_internal_excerpt_is_dropped_and_the_contact_reply_still_goes(shipped: TemplateSet, internal: InternalText,
                                                                      atlas: Brief, caplog: pytest.LogCaptureFixture) -> None:
    margins = section(atlas, "Margins and pricing (internal)")
    with caplog.at_level(logging.ERROR, logger="responder.composer"):
        composed = reply(shipped, internal, excerpt=margins)
    assert not composed.excerpt_sent
    assert "950" not in bodies(composed) and "Margins" not in bodies(composed)
    assert "Sam Martin" in composed.text
    assert any("without the excerpt" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("name", "source"), [
    ("reply.en.txt.j2", "Dear client,\nDay rate sold at 950 EUR; our margin on phase 2 is thin (about 8 %).\n"),
    ("reply.atlas.en.txt.j2", "FYI: JO IS UNDER PRESSURE FROM ACME'S CFO; keep him happy.\n"),
    ("reply.en.txt.j2", "{{ 'Keep him informed early ' ~ 'of any slip.' }}\n"),
])
def test_user_template_printing_internal_text_is_replaced_by_shipped(tmp_path: Path, internal: InternalText,
                                                                     atlas: Brief, name: str, source: str) -> None:
    (tmp_path / name).write_text(source)
    composed = reply(TemplateSet(tmp_path, "en"), internal, excerpt=section(atlas, "Schedule"))
    assert composed.template == "default:reply.en.txt.j2"
    body = bodies(composed).lower()
    assert "950" not in body and "cfo" not in body and "informed early" not in body
    assert not composed.excerpt_sent  # the excerpt was dropped first, before the template was


def test_internal_text_hidden_in_html_markup_is_caught(tmp_path: Path, internal: InternalText) -> None:
    (tmp_path / "reply.en.txt.j2").write_text("Hello")
    (tmp_path / "reply.en.html.j2").write_text("<p>Day <b>rate</b> sold at 950&nbsp;EUR; our <i>margin</i> on phase 2 is thin</p>")
    composed = reply(TemplateSet(tmp_path, "en"), internal)
    assert composed.template == "default:reply.en.txt.j2"
    assert "950" not in bodies(composed)


def test_leak_from_the_shipped_template_itself_stops_the_reply(shipped: TemplateSet) -> None:
    guard = InternalText(["This is an automatic reply: you will receive only one in this conversation."])
    with pytest.raises(InternalTextLeak):
        reply(shipped, guard)


def test_short_internal_lines_are_not_policed() -> None:
    guard = InternalText(["## Pricing (internal)", "Do not offer free extra days."])
    assert guard.pieces == ()
    assert guard.find("Do not offer free extra days.") is None


def test_naive_now_is_refused(shipped: TemplateSet, internal: InternalText) -> None:
    with pytest.raises(ValueError, match="aware"):
        compose_reply(message(), settings=SETTINGS, templates=shipped, language="en", now=NOW.replace(tzinfo=None),
                      internal=internal)


def test_html_reply_escapes_the_client_name(shipped: TemplateSet, internal: InternalText) -> None:
    composed = reply(shipped, internal, message(from_='"<script>x</script>" <jo@acme.example>'))
    html = reparsed(composed).get_body(("html",))
    assert html is not None and "&lt;script&gt;" in html.get_content() and "<script>" not in html.get_content()


def handover(templates: TemplateSet, atlas: Brief, **kwargs: object) -> Composed:
    options: dict[str, object] = {"language": "en", "project": ATLAS, "thread": "t12",
                                  "sections": (section(atlas, "Schedule"), section(atlas, "Margins and pricing (internal)")),
                                  **kwargs}
    original = message("=?utf-8?q?R=C3=A9union?=", extra=("Reply-To: Jo <jo@acme-example.com>",))
    return compose_handover(original, settings=SETTINGS, templates=templates, now=NOW, **options)  # type: ignore[arg-type]


def test_handover_goes_to_the_delegate_with_internal_sections(shipped: TemplateSet, atlas: Brief) -> None:
    composed = handover(shipped, atlas, excerpt=section(atlas, "Schedule"))
    sent = reparsed(composed)
    assert sent["To"] == "Sam Martin <sam.martin@corp.example>"
    assert sent["From"] == "Alex Durand <alex.durand@corp.example>"
    assert sent["Subject"] == "[responder] Client question: Réunion"
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["X-Auto-Response-Suppress"] == "All"
    assert sent["Reply-To"] is None and sent["In-Reply-To"] is None and sent["Cc"] is None
    assert composed.recipients == ("sam.martin@corp.example",)
    text = composed.text
    assert "From: Jo Lambert <jo@acme.example>" in text  # the look-alike Reply-To is not offered either
    assert "When is the go-live of the stock module?" in text
    assert "Hello Alex" in text and "Atlas ERP migration" in text and "Thread: t12" in text
    assert "== Margins and pricing (internal) [INTERNAL: not for the client] ==\nDay rate sold at 950 EUR" in text
    assert "The automatic reply quoted this part of the brief: Schedule" in text


def test_handover_in_french(shipped: TemplateSet, atlas: Brief) -> None:
    composed = handover(shipped, atlas, language="fr", sections=())
    assert reparsed(composed)["Subject"] == "[responder] Question d'un client : Réunion"
    assert "Rien dans les notes ne semble répondre" in composed.text
    assert "retour le 24 juillet 2026" in composed.text


def test_settings_from_config(tmp_path: Path) -> None:
    from responder.config import from_dict

    brief = tmp_path / "atlas.md"
    brief.write_text("# Atlas\n")
    config = from_dict({
        "employee": {"name": "Alex Durand", "address": "alex@corp.example"},
        "delegate": {"name": "Sam Martin", "address": "sam@corp.example", "phone": "+33 1"},
        "absence": {"start": "2026-07-01", "end": "2026-07-23", "timezone": "Europe/Paris"},
        "projects": [{"id": "atlas", "name": "Atlas", "brief": "atlas.md"}],
        "imap": {"host": "imap.example", "username": "alex", "password_env": "X"},
        "smtp": {"host": "smtp.example"},
        "reply": {"cc_delegate": False},
    }, tmp_path / "responder.toml")
    settings = ReplySettings.from_config(config)
    assert settings == ReplySettings(Person("Alex Durand", "alex@corp.example"), Delegate("Sam Martin", "sam@corp.example", "+33 1", ""),
                                     dt.date(2026, 7, 24), cc_delegate=False)


def test_every_public_section_may_go_out(shipped: TemplateSet, internal: InternalText, atlas: Brief) -> None:
    """No false alarm: the guard must not eat legitimate excerpts."""
    for public in atlas.public_sections:
        assert reply(shipped, internal, excerpt=public).excerpt_sent, public.heading


def test_internal_line_quoting_contact_details_does_not_block_replies(shipped: TemplateSet, atlas: Brief) -> None:
    guard = InternalText(["- Sam Martin at sam.martin@corp.example approves any discount on Atlas ERP migration"])
    composed = reply(shipped, guard, excerpt=section(atlas, "Schedule"))
    assert composed.excerpt_sent and composed.template == "default:reply.en.txt.j2"


def test_client_echoing_internal_words_in_his_subject_still_gets_a_reply(shipped: TemplateSet, internal: InternalText) -> None:
    composed = reply(shipped, internal, message("Keep him informed early of any slip"))
    assert reparsed(composed)["Subject"] == "Auto: Keep him informed early of any slip"


# ---- finding internal text quickly -------------------------------------------------------

INTERNAL_LINE = "Day rate sold at 950 EUR, never discount below 900 EUR for this client"


@pytest.mark.parametrize("prefix", ["", "x", "Dear Jo, as agreed: ", "line one\nline two\n" * 40])
def test_internal_run_is_found_wherever_it_starts_in_the_reply(prefix: str) -> None:
    internal = InternalText([INTERNAL_LINE])
    found = internal.find(f"{prefix}{INTERNAL_LINE[7:]} and more")
    assert found is not None and found in " ".join(INTERNAL_LINE.casefold().split())


def test_the_first_internal_piece_in_order_is_reported() -> None:
    internal = InternalText([INTERNAL_LINE, "Zebra crossing works are delayed by the city until further notice"])
    text = "zebra crossing works are delayed by the city. " + INTERNAL_LINE
    assert internal.find(text) == next(piece for piece in internal.pieces if piece in text.casefold())


def test_text_without_internal_words_passes() -> None:
    assert InternalText([INTERNAL_LINE]).find("Sam Martin covers for Alex until Friday. " * 50) is None


@pytest.mark.parametrize(("text", "hidden"), [
    ("Sam Martin handles the Acme account", True),  # the contact name, a whole word: blanked
    ("Sam Martin, Sam Martin handles the Acme account", True),
    ("xSam Martin handles the Acme account", False),  # inside a longer word: kept, and the line shows
    ("Sam_Martin handles the Acme account", False),  # the underscore is a word character
])
def test_allowed_values_are_blanked_only_as_whole_words(text: str, hidden: bool) -> None:
    """An internal line that merely starts with the delegate's name must not block the reply that
    names him, but only where the name stands as words of its own."""
    internal = InternalText(["Sam Martin handles the Acme account"])
    found = internal.find(text, allowed=["Sam Martin"])
    assert (found is None) is hidden

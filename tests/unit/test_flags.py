"""Thread flags: at risk, angry (client's new text only), no information carried over, unanswered by business hours."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from responder.judge import flags, parties
from responder.judge.detector import Finding
from responder.judge.flags import AUTO, CLIENT, HUMAN, Post, angry_sentence, at_risk_sentence, business_hours_between, overdue
from responder.mail import mime
from tests.support.mailfactory import make

PARIS = ZoneInfo("Europe/Paris")
STUDIO = parties.Directory.build(["anna@studio.example"], "peter@studio.example", {})

# ---- at risk -------------------------------------------------------------------------------

AT_RISK = {
    "cancel, en": [
        "We will cancel the contract if the plans are not here by Friday.",
        "We have decided to terminate our agreement with your firm.",
        "Please consider the order cancelled.",
        "At this point we are seriously considering pulling out of the project.",
        "We have no choice but to end the collaboration.",
        "After this we are cancelling, effective immediately.",
    ],
    "cancel, fr": [
        "Nous allons annuler la commande.",
        "Sans réponse d'ici lundi, nous serons contraints de résilier le contrat.",
        "Nous envisageons de mettre fin à notre collaboration.",
        "Veuillez prendre note de la résiliation du contrat.",
    ],
    "supplier, en": [
        "We'll have to move to another supplier.",
        "Frankly we are now looking for a different contractor.",
        "We have already found another agency for phase two.",
        "If nothing changes we will take our business elsewhere.",
    ],
    "supplier, fr": [
        "Nous allons devoir changer de prestataire.",
        "Si rien ne bouge, nous ferons appel à un autre bureau d'études.",
        "On va finir par aller voir ailleurs.",
        "Nous passerons chez la concurrence.",
    ],
    "not continuing, en": [
        "The committee has decided not to continue with your office beyond the first phase.",
        "We have decided not to renew the service contract.",
        "From next month we will no longer work with you.",
        "We are now speaking to another agency about the launch.",
    ],
    "not continuing, fr": [
        "Le comité a choisi de ne pas poursuivre avec votre agence après la première tranche.",
        "Nous ne renouvellerons pas le contrat d'entretien.",
        "Nous allons consulter un autre cabinet pour la suite.",
    ],
    "escalation, en": [
        "I will escalate this to your management tomorrow.",
        "I am going to contact your director about this.",
        "We are filing a formal complaint.",
    ],
    "escalation, fr": [
        "Je vais faire remonter ce problème à votre direction.",
        "Je vais écrire à votre directrice dès demain.",
    ],
    "legal, en": [
        "We are considering legal action.",
        "I have asked our lawyers to look at the contract terms.",
        "We will not hesitate to take this to court.",
        "We will claim damages for every week of delay.",
    ],
    "legal, fr": [
        "Nous allons transmettre le dossier à notre avocat.",
        "Vous recevrez une mise en demeure cette semaine.",
        "Nous appliquerons les pénalités prévues au contrat.",
        "Une action en justice n'est pas exclue.",
    ],
    "de, nl": [
        "Wir werden den Vertrag fristlos kündigen.",
        "Wir behalten uns rechtliche Schritte vor.",
        "We gaan de overeenkomst opzeggen.",
        "Dan stappen we over naar een andere leverancier.",
    ],
}


@pytest.mark.parametrize("sentence", [s for family in AT_RISK.values() for s in family])
def test_at_risk_phrasings(sentence: str) -> None:
    text = f"Hello,\n\nThe site is still closed. {sentence} Please call me.\n\nRegards"
    assert at_risk_sentence(text) == sentence


AT_RISK_TRAPS = [
    # negated
    "We are not cancelling the contract, don't worry.",
    "We have no intention of moving to another supplier.",
    "Nous n'allons pas changer de prestataire, rassurez-vous.",
    "Il n'est pas question de résilier le contrat.",
    "Nous ne voulons pas en arriver à une action en justice.",
    "I don't think we will look for another contractor.",
    # questions
    "Should we cancel the order and place a new one?",
    "Faut-il annuler la commande ?",
    # everyday cancellations and lookalikes
    "We need to cancel tomorrow's meeting.",
    "Please cancel the order for the extra chairs, we have enough.",
    "We are cancelling our order for the extra chairs, we have enough.",
    "We are cancelling the Tuesday call, see you on Wednesday.",
    "Je vais aller voir la maquette demain.",
    "Our lawyers reviewed the contract and everything is in order.",
    "I looked elsewhere in the file and found the drawing.",
    "Our client has moved to another supplier for the furniture, so only the lighting remains.",
    "The management approved the budget.",
    "Please take this to your manager for approval when you can.",
    "We'd like to move the meeting to another day.",
    "Nous allons annuler la réunion de jeudi.",
    "We would like to continue with your team for the next phase.",
    "Il ne faut pas poursuivre les travaux avant la réception du support.",
    "We are not planning to consult another firm, we trust you.",
    "Nous n'allons pas solliciter un autre prestataire, rassurez-vous.",
]


@pytest.mark.parametrize("sentence", AT_RISK_TRAPS)
def test_at_risk_traps(sentence: str) -> None:
    assert at_risk_sentence(f"Hello,\n\n{sentence}\n\nThanks") is None


def test_an_ultimatum_counts_as_at_risk_but_a_reassurance_does_not() -> None:
    assert at_risk_sentence("Unless the permit is filed this week, we will cancel the project.") is not None
    assert at_risk_sentence("Si le planning n'est pas tenu, nous résilierons le contrat.") is not None
    assert at_risk_sentence("Si le planning n'est pas tenu, nous allons résilier le contrat.") is not None
    assert at_risk_sentence("Even if it slips again we will not cancel the contract.") is None


# ---- angry ---------------------------------------------------------------------------------

ANGRY = {
    "judgement, en": ["This is completely unacceptable.", "Frankly, the way this was handled is unprofessional.",
                      "That is not good enough.", "This is a joke."],
    "judgement, fr": ["C'est inadmissible.", "Ce n'est pas sérieux.", "C'est tout simplement scandaleux.",
                      "Cette façon de faire est lamentable."],
    "feeling, en": ["We are extremely disappointed with how this was handled.", "I am really frustrated by the delay.",
                    "I'm fed up with chasing this.", "Our patience is running out."],
    "feeling, fr": ["Je suis très déçu de votre réponse.", "Nous sommes extrêmement mécontents.", "J'en ai vraiment assez.",
                    "Nous sommes furieux."],
    "repetition": ["This is the third time I ask for the schedule.", "Still no answer about the invoice.",
                   "C'est la troisième fois que je relance.", "Toujours pas de réponse sur le devis."],
    "de, nl": ["Das ist inakzeptabel.", "Wir sind sehr enttäuscht.", "Dit is onaanvaardbaar.", "Ik ben erg teleurgesteld."],
}


@pytest.mark.parametrize("sentence", [s for family in ANGRY.values() for s in family])
def test_angry_phrasings(sentence: str) -> None:
    assert angry_sentence(f"Hello,\n\nAbout the plans. {sentence}\n\nJo") == sentence


@pytest.mark.parametrize("sentence", [
    "Are you kidding me?",
    "Seriously, are you serious?",
    "How many more times must we chase your office for the minutes?",
    "Vous plaisantez, j'espère ?",
    "Combien de fois faut-il vous relancer pour un simple devis ?",
    "Soll das ein Witz sein?",
    "Hoe vaak moet ik nog mailen voor een antwoord?",
])
def test_exasperation_asked_as_a_question_is_angry(sentence: str) -> None:
    assert angry_sentence(f"Hello,\n\n{sentence}\n\nJo") == sentence


ANGRY_TRAPS = [
    "How many times should we water the new plants each week?",
    "Combien de fois faut-il repeindre la façade sur dix ans ?",
    "Are you serious about the new date, or was it a first idea?",
    "I'm not angry, just curious about the date.",
    "Je ne suis pas du tout déçu, au contraire.",
    "It would be unacceptable if the delivery slipped again, so please keep me posted.",
    "Ce serait inadmissible si le chantier prenait du retard.",
    "The price is acceptable.",
    "No problem at all, the new date works.",
    "Pas de souci, je comprends.",
    "I'm sorry to hear you were disappointed with the hotel.",
    "Nothing unprofessional about it, the team was great.",
    "Is this acceptable to you?",
    "C'est la dernière fois que je vous embête avant les vacances.",
    "We're quite disappointed the café is closed, but that's life.",
    "That's a joke we make every year, don't worry.",
]


@pytest.mark.parametrize("sentence", ANGRY_TRAPS)
def test_angry_traps(sentence: str) -> None:
    assert angry_sentence(f"Hello,\n\n{sentence}\n\nJo") is None


# ---- which messages are read ------------------------------------------------------------

def signals(body: str, *, sender: str = "Jo Lambert <jo@acme.example>", robot: str | None = None,
            reason: str | None = None, finding: Finding | None = None) -> list[flags.Signal]:
    parsed = mime.parse(make(sender=sender, body=body))
    return flags.for_message(parsed, finding, sender=parties.of_message(parsed, STUDIO, robot or reason).sender)


ANGRY_AT_RISK = "Hello,\n\nThis is unacceptable. We will cancel the contract.\n\nJo"


def test_a_client_message_raises_both_most_severe_first() -> None:
    found = signals(ANGRY_AT_RISK)
    assert [(s.kind, s.sentence) for s in found] == [
        ("at_risk", "We will cancel the contract."), ("angry", "This is unacceptable.")]
    assert found[0].severity > found[1].severity


def test_severities_follow_the_digest_order() -> None:
    order = sorted(flags.KINDS, key=lambda kind: -flags.SEVERITY[kind])
    assert order == ["at_risk", "no_information", "unanswered", "angry"]


def test_the_firms_own_mail_lists_and_robots_never_raise_client_flags() -> None:
    assert signals(ANGRY_AT_RISK, sender="Peter Novak <peter@studio.example>") == []
    assert signals(ANGRY_AT_RISK, robot="bulk") == []
    assert signals(ANGRY_AT_RISK, robot="list") == []
    assert signals(ANGRY_AT_RISK, reason="noreply") == []
    assert signals(ANGRY_AT_RISK, reason="auto-submitted") == []


def test_quoted_text_is_not_the_clients_new_text() -> None:
    body = ("Hello,\n\nThanks, the date works for us.\n\n"
            "On Tue, 15 Jul 2025 at 10:02, Sam Other <sam@other.example> wrote:\n"
            "> This is unacceptable. We will cancel the contract.\n")
    assert signals(body) == []


@pytest.mark.parametrize("evidence", ["authored", "quoted", "reported"])
def test_no_information_carries_its_evidence(evidence: str) -> None:
    finding = Finding(evidence, "I have no information on this.")
    found = signals("Hello,\n\nAny news?\n\nJo", finding=finding)
    assert [(s.kind, s.evidence, s.sentence) for s in found] == [
        ("no_information", evidence, "I have no information on this.")]


def test_no_information_from_the_delegates_own_mail_is_kept() -> None:
    finding = Finding("authored", "I have no information on this.")
    found = signals(ANGRY_AT_RISK, sender="Peter Novak <peter@studio.example>", finding=finding)
    assert [s.kind for s in found] == ["no_information"]


LONG_CLIENT_MAIL = """Hello Anna,

We looked at the revised plans on Monday with the board and the site manager. The new layout of the
ground floor works for us, but we still need the updated schedule for the façade works. Could you
confirm whether the scaffolding goes up before the end of the month? The supplier told us the glass
panels are ready to ship, and we would like to take delivery before the August break. Our finance
team also asked for the second invoice to be split by building. I will call you on Thursday to go
through the open points. Nous avons aussi reçu la lettre de la mairie concernant le permis, je vous
la transmets en pièce jointe. Pourriez-vous nous dire si le planning tient toujours ? Merci d'avance
pour votre retour, et bonne semaine à toute l'équipe.

Best regards,
Jo
"""


# ---- unanswered ----------------------------------------------------------------------------

def paris(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in July 2026 in Paris (1 July 2026 is a Wednesday)."""
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=PARIS)


def test_business_hours_skip_nights_and_weekends() -> None:
    assert business_hours_between(paris(1, 9), paris(1, 17), PARIS) == 8
    assert business_hours_between(paris(1, 16), paris(2, 10), PARIS) == 2  # 16–17, then 9–10
    assert business_hours_between(paris(3, 16), paris(6, 10), PARIS) == 2  # Friday 16:00 to Monday 10:00
    assert business_hours_between(paris(4, 10), paris(5, 20), PARIS) == 0  # a whole weekend
    assert business_hours_between(paris(1, 20), paris(2, 7), PARIS) == 0


def test_business_hours_are_counted_in_the_given_zone_across_a_dst_change() -> None:
    utc_start = dt.datetime(2026, 3, 27, 8, 0, tzinfo=dt.UTC)  # Friday 09:00 in Paris (UTC+1)
    utc_end = dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)  # Monday 10:00 in Paris (UTC+2 since Sunday)
    assert business_hours_between(utc_start, utc_end, PARIS) == 9
    assert business_hours_between(utc_start, utc_end, ZoneInfo("America/New_York")) == 8  # 04:00 on both days there


def test_a_client_message_answered_only_by_the_auto_reply_is_overdue_after_the_limit() -> None:
    asked = Post(paris(1, 10), CLIENT, 7)
    timeline = [asked, Post(paris(1, 10, 1), AUTO)]
    assert overdue(timeline, paris(2, 17), after_hours=16, zone=PARIS) is None  # 15 business hours
    assert overdue(timeline, paris(3, 11), after_hours=16, zone=PARIS) == asked


def test_a_human_answer_after_the_last_client_message_clears_it() -> None:
    timeline = [Post(paris(1, 10), CLIENT), Post(paris(1, 15), HUMAN)]
    assert overdue(timeline, paris(10, 10), after_hours=16, zone=PARIS) is None


def test_a_human_answer_before_the_clients_follow_up_does_not() -> None:
    follow_up = Post(paris(2, 9), CLIENT, 9)
    timeline = [Post(paris(1, 10), CLIENT), Post(paris(1, 15), HUMAN), follow_up]
    assert overdue(timeline, paris(6, 17), after_hours=16, zone=PARIS) == follow_up


def test_a_weekend_does_not_make_a_friday_message_overdue() -> None:
    timeline = [Post(paris(3, 16), CLIENT)]
    assert overdue(timeline, paris(6, 17), after_hours=16, zone=PARIS) is None  # 1 + 8 = 9 business hours
    assert overdue(timeline, paris(7, 17), after_hours=16, zone=PARIS) is not None  # 17


def test_threads_without_a_client_message_are_never_overdue() -> None:
    assert overdue([Post(paris(1, 10), HUMAN), Post(paris(1, 11), AUTO)], paris(20, 10), after_hours=1, zone=PARIS) is None


def test_words_under_an_outlook_header_are_not_the_clients_new_text() -> None:
    raw = (Path(__file__).resolve().parents[1] / "fixtures" / "outlook" / "plain_wrapped_headers.eml").read_bytes()
    parsed = mime.parse(raw)
    assert parsed.new_text.startswith("Anna,") and "unacceptable" not in parsed.new_text
    assert flags.for_message(parsed, None, sender=parties.of_message(parsed, STUDIO, None).sender) == []


# ---- held-out set -----------------------------------------------------------------------------
# tests/fixtures/flags_heldout.jsonl: labelled client sentences written for measuring only.

FLAGS_HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "flags_heldout.jsonl"


def flags_heldout_figures() -> dict[str, dict[str, object]]:
    """Precision and recall of at_risk and angry on the held-out sentences, with the misses."""
    items = [json.loads(line) for line in FLAGS_HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    figures: dict[str, dict[str, object]] = {}
    for kind, detect in (("at_risk", at_risk_sentence), ("angry", angry_sentence)):
        tp = fp = fn = 0
        misses: list[str] = []
        for item in (i for i in items if i["kind"] == kind):
            found = detect(f"Hello,\n\n{item['text']}\n\nJo") is not None
            tp += found and item["label"]
            fp += found and not item["label"]
            fn += item["label"] and not found
            if found != item["label"]:
                misses.append(("false positive: " if found else "missed: ") + item["text"])
        figures[kind] = {"items": sum(1 for i in items if i["kind"] == kind), "precision": tp / (tp + fp) if tp + fp else 1.0,
                         "recall": tp / (tp + fn) if tp + fn else 1.0, "misses": misses}
    return figures


def test_flags_heldout_precision() -> None:
    figures = flags_heldout_figures()
    for kind in ("at_risk", "angry"):
        assert figures[kind]["items"] >= 18
        assert figures[kind]["precision"] >= 0.9, figures[kind]["misses"]
        assert figures[kind]["recall"] >= 0.6, figures[kind]["misses"]


if __name__ == "__main__":  # .venv/bin/python -m tests.unit.test_flags
    print(json.dumps(flags_heldout_figures(), indent=2, ensure_ascii=False))


@pytest.mark.parametrize("text, asked", [
    ("Could you send the signed plans by Friday? Thanks.", "Could you send the signed plans by Friday?"),
    ("Merci de nous confirmer la date de livraison.", "Merci de nous confirmer la date de livraison."),
    ("Bonjour,\n\nPouvez-vous me rappeler demain matin.", "Pouvez-vous me rappeler demain matin."),
    ("Wir benötigen die Rechnung bis Montag.", "Wir benötigen die Rechnung bis Montag."),
    ("Kunt u de offerte nog eens sturen.", "Kunt u de offerte nog eens sturen."),
])
def test_a_question_or_a_request_waits_for_an_answer(text: str, asked: str) -> None:
    assert flags.request_sentence(text) == asked


@pytest.mark.parametrize("text", [
    "Merci beaucoup, c'est parfait, je transmets à l'équipe.",
    "Thanks a lot, that answers everything.",
    "Please note our new bank details from 1 September.",
    "Vielen Dank für die schnelle Hilfe.",
    "Veuillez agréer, Madame, l'expression de nos salutations distinguées.",
])
def test_thanks_and_notices_wait_for_nothing(text: str) -> None:
    assert flags.request_sentence(text) is None

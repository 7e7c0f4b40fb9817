"""The no-information detector: the delegate telling a client he knows nothing until she is back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from responder.judge.detector import Finding, detect, split_sentences
from responder.judge.parties import Directory
from responder.mail import mime
from tests.support.mailfactory import make

DELEGATE = "peter.novak@studio.example"
DELEGATE_NAME = "Peter Novak"
EMPLOYEE = frozenset({"anna.kovacs@studio.example", "anna@studio.example"})
DIRECTORY = Directory.build(EMPLOYEE, DELEGATE, {"atlas": ["@acme.example"]})
CLIENT = "Jo Lambert <jo@acme.example>"


def run(body: str, *, sender: str = CLIENT, to: str = "Anna Kovacs <anna.kovacs@studio.example>",
        robot: bool = False) -> Finding | None:
    parsed = mime.parse(make(sender=sender, to=to, body=body))
    return detect(parsed, directory=DIRECTORY, delegate_name=DELEGATE_NAME,
                  mass_or_robot=robot)


def authored(text: str, **kw: object) -> Finding | None:
    return run(f"Hello,\n\n{text}\n\nRegards,\nPeter", sender=f"Peter Novak <{DELEGATE}>", to=CLIENT)


NO_INFO_BY_DELEGATE = [
    # English
    "I'm sorry, I don't have any information on the renovation budget.",
    "I have no information about the tender at this stage.",
    "Unfortunately I was not briefed on this project before Anna left.",
    "I haven't been kept in the loop on the permit application.",
    "Sorry, I've been left out of the loop on this one.",
    "Nobody told me about the change of supplier.",
    "I know nothing about the façade samples, I'm afraid.",
    "I don't know anything about the meeting you mention.",
    "Sorry, no idea where the latest drawings were saved.",
    "Sadly that is not something I've been involved in.",
    "I can't give you an answer until Anna is back on Monday.",
    "You'll have to wait for her return, she is back on the 4th.",
    "You'll have to wait for Anna, sorry.",
    "I'm afraid I know no more than you about the crane booking.",
    "I can't find a word about the fee split in the handover notes.",
    "There is no mention of the site visit in her notes.",
    # French
    "Je n'ai hélas aucune information concernant le devis du menuisier.",
    "Je n'ai pas d'informations concernant la livraison des menuiseries.",
    "Je ne suis pas au courant de cette demande.",
    "Je n'ai pas été briefé sur ce projet avant son départ.",
    "Personne ne m'a rien dit au sujet de cette réunion.",
    "Je n'en sais rien, désolé.",
    "Je ne connais pas ce dossier.",
    "Je ne pourrai pas vous répondre avant son retour le 4 août.",
    "Il faudra attendre son retour pour avoir une réponse.",
    "Je n'ai pas cette information pour l'instant.",
    "Je ne suis pas plus avancé que vous sur le calendrier.",
    "Je ne trouve rien sur l'acompte dans ce qu'elle m'a transmis.",
    "Rien sur le choix des carrelages dans la passation, malheureusement.",
    "Je n'en sais pas plus que vous sur la date de livraison.",
    # German
    "Ich habe leider keine Informationen über die Lieferung.",
    "Ich habe keine Ahnung, wann die Lieferung kommt.",
    "Ich bin leider nicht informiert über dieses Projekt.",
    "Ich wurde nicht eingeweiht.",
    # Dutch
    "Ik heb helaas geen informatie over de levering.",
    "Ik ben niet op de hoogte van die afspraak.",
    "Ik weet er niets van, sorry.",
    "U zult moeten wachten tot ze terug is, vrees ik.",
]


@pytest.mark.parametrize("text", NO_INFO_BY_DELEGATE)
def test_authored_statements(text: str) -> None:
    found = authored(text)
    assert found is not None and found.evidence == "authored"
    assert found.sentence in text or text.startswith(found.sentence)


NOT_NO_INFO = [
    "I have all the information you need, here it is.",
    "J'ai bien toutes les informations sur ce dossier, voici le planning.",
    "I don't have your PO number, could you send it?",
    "I don't have the details of your order, could you send them to me?",
    "Je n'ai pas les informations de votre commande, pouvez-vous me les envoyer ?",
    "Je n'ai pas d'information de votre part sur ce point, merci de me transmettre le bon de commande.",
    "No further information needed, thank you.",
    "Pas besoin d'informations supplémentaires, merci.",
    "It's not that I have no information — here it is.",
    "Ce n'est pas que je n'ai aucune information : voici le planning.",
    "If you have no information, tell me.",
    "Si vous n'avez aucune information, dites-le moi.",
    "Do you have no information on the delivery?",
    "The delivery is planned for Tuesday.",
    "Ik ben op de hoogte van de levering.",
    "Ich habe alle Informationen, siehe unten.",
    "I couldn't find anything wrong in the handover notes, all good.",
    "Je n'ai rien trouvé d'anormal dans ses notes, tout est en ordre.",
    "I know more than you think about this project.",
    "Il n'y a rien d'urgent dans la passation.",
]


@pytest.mark.parametrize("text", NOT_NO_INFO)
def test_authored_traps(text: str) -> None:
    assert authored(text) is None


def test_delegate_writing_inside_the_firm_is_not_to_a_client() -> None:
    parsed = mime.parse(make(sender=f"Peter Novak <{DELEGATE}>", to="Anna <anna.kovacs@studio.example>",
                             body="Anna,\n\nI have no information on the Dupont file.\n\nPeter"))
    assert detect(parsed, directory=DIRECTORY, delegate_name=DELEGATE_NAME,
                  mass_or_robot=False) is None


def test_the_client_having_no_information_is_not_the_delegate() -> None:
    assert run("Hello Anna,\n\nI have no information about the delivery date. Can you help?\n\nJo") is None
    assert run("Bonjour,\n\nJe n'ai aucune information sur la livraison.\n\nJo") is None


def test_mass_or_robot_mail_is_never_evidence() -> None:
    assert authored("I have no information on this.") is not None
    assert run("Hello,\n\nI have no information on this project.\n\nPeter",
               sender=f"Peter Novak <{DELEGATE}>", to=CLIENT, robot=True) is None
    assert run("Your colleague told me he had no information.", robot=True) is None


QUOTED_EN = """Peter,

That is not good enough for us.

On Tue, 15 Jul 2025 at 10:02, Peter Novak <peter.novak@studio.example> wrote:
> Hi Jo,
>
> I'm afraid I have no information on the roof works. Anna is back on 4 August.
>
> Peter
"""

QUOTED_FR_NAME_ONLY = """Monsieur,

Ce n'est pas acceptable.

Le mar. 15 juil. 2025 à 10:02, Peter Novak a écrit :
> Bonjour,
>
> Je ne suis pas au courant de ce point, il faudra attendre son retour.
>
> Peter Novak
"""

QUOTED_OTHER = """Peter,

Thanks.

On Tue, 15 Jul 2025 at 10:02, Anna Kovacs <anna.kovacs@studio.example> wrote:
> I am away until 4 August. Peter Novak has all the information and will help you.
"""

QUOTED_DEEPER = """Anna,

See below.

On Tue, 15 Jul 2025 at 10:02, Peter Novak <peter.novak@studio.example> wrote:
> Jo, Anna's planning is attached.
>
> On Mon, 14 Jul 2025 at 09:00, Sam Client <sam@other.example> wrote:
>> I have no information about the roof works at all.
"""


def test_quoted_by_address() -> None:
    found = run(QUOTED_EN)
    assert found is not None and found.evidence == "quoted" and "no information" in found.sentence


def test_quoted_by_name() -> None:
    found = run(QUOTED_FR_NAME_ONLY)
    assert found is not None and found.evidence == "quoted"


def test_employees_own_auto_reply_quoted_back_is_not_evidence() -> None:
    assert run(QUOTED_OTHER) is None
    assert run("Bonjour,\n\nVotre message d'absence dit : Marc dispose de toutes les informations.\n\nJo") is None


def test_deeper_quotes_are_not_the_delegates_words() -> None:
    assert run(QUOTED_DEEPER) is None


REPORTED = [
    "Your colleague told me he knew nothing about the delivery.",
    "I called yesterday and your colleague said he had no information on the permit.",
    "Peter told me he wasn't briefed on the project.",
    "We were told he did not have any details until you are back.",
    "Peter m'a dit qu'il n'avait aucune information sur la pose des fenêtres.",
    "On m'a répondu qu'il n'était pas au courant.",
    "Votre collègue m'a expliqué qu'il ne savait rien de ce dossier.",
    "Votre remplaçante n'a pu nous fournir aucune information sur les travaux.",
    "Ihr Kollege hat mir gesagt, er habe keine Informationen dazu.",
    "Uw collega zei dat hij niets wist over de offerte.",
]


@pytest.mark.parametrize("text", REPORTED)
def test_reported_statements(text: str) -> None:
    found = run(f"Hello Anna,\n\n{text} This is a problem for us.\n\nJo")
    assert found is not None and found.evidence == "reported"
    assert found.sentence == text


NOT_REPORTED = [
    "Your colleague told me he has all the information.",
    "Your colleague sent the drawings, thank you.",
    "I told my team I had no information yet.",
    "Peter m'a dit qu'il avait toutes les informations.",
    "Votre collègue m'a dit qu'aucune information supplémentaire n'était nécessaire.",
    "Your colleague asked if I had no information on the PO.",
]


@pytest.mark.parametrize("text", NOT_REPORTED)
def test_reported_traps(text: str) -> None:
    assert run(f"Hello Anna,\n\n{text}\n\nJo") is None


@pytest.mark.parametrize("recipient, stonewall", [
    (CLIENT, True),  # a listed client
    ("Jo Lambert <jo.lambert@gmail.com>", True),  # a client writing from his own mailbox
    ("Ralf Niehaus <r.niehaus@glasbau-niehaus.example>", False),  # a supplier the configuration does not list
    ("Marc <marc@studio.example>", False),  # a colleague
])
def test_only_what_he_tells_a_client_is_a_stonewall(recipient: str, stonewall: bool) -> None:
    found = run("Hello,\n\nI have no information about the frame colour, sorry.\n\nPeter",
                sender=f"Peter Novak <{DELEGATE}>", to=recipient)
    assert (found is not None) is stonewall


def test_authored_wins_over_quoted() -> None:
    body = ("Jo,\n\nI have no information on the roof, sorry.\n\n"
            "On Tue, 15 Jul 2025 at 10:02, Peter Novak <peter.novak@studio.example> wrote:\n"
            "> I don't know anything about the roof.\n")
    found = run(body, sender=f"Peter Novak <{DELEGATE}>", to=CLIENT)
    assert found is not None and found.evidence == "authored"


def test_quoted_wins_over_reported() -> None:
    body = ("Anna,\n\nYour colleague told me he knew nothing.\n\n"
            "On Tue, 15 Jul 2025 at 10:02, Peter Novak <peter.novak@studio.example> wrote:\n"
            "> I don't know anything about the roof.\n")
    found = run(body)
    assert found is not None and found.evidence == "quoted"


@pytest.mark.parametrize("text", [
    "Ihr Kollege sagte mir, dass er nichts davon wusste.",
    "Je collega vertelde me dat hij geen informatie over de planning had.",
])
def test_reported_subordinate_clauses(text: str) -> None:
    found = run(f"Hallo,\n\n{text}\n\nJo")
    assert found is not None and found.evidence == "reported"


def test_reported_direct_speech() -> None:
    found = run('Hello Anna,\n\nYour colleague told me: "I have no information on this project."\n\nJo')
    assert found is not None and found.evidence == "reported"
    found = run("Bonjour,\n\nVotre collègue m'a répondu : « je ne suis pas au courant ».\n\nJo")
    assert found is not None and found.evidence == "reported"


def test_a_clients_own_words_after_a_colon_are_not_a_report() -> None:
    assert run("Hello Anna,\n\nUpdate after talking to your colleague: I have no information on the slab yet.\n\nJo") is None


def test_reported_direct_speech_in_the_next_sentence() -> None:
    found = run("Hello Anna,\n\nI phoned your office and your colleague said:\n\nI have no information on the roof works.\n\nJo")
    assert found is not None and found.evidence == "reported"


def test_accented_names_match_plain_ones() -> None:
    parsed = mime.parse(make(sender="Jo <jo@acme.example>", body="Bonjour,\n\nPéter m'a dit qu'il n'avait aucune information.\n\nJo"))
    found = detect(parsed, directory=DIRECTORY, delegate_name="Peter Novak",
                   mass_or_robot=False)
    assert found is not None and found.evidence == "reported"


def test_someone_else_saying_so_is_not_the_colleague() -> None:
    assert run("Hello Anna,\n\nI called the supplier; he said he had no information on the delivery.\n\nJo") is None
    assert run("Bonjour,\n\nLe fournisseur m'a dit qu'il n'avait aucune information.\n\nJo") is None


def test_a_saying_verb_counts_when_the_message_speaks_of_the_colleague() -> None:
    found = run("Hello Anna,\n\nI called your office yesterday. He said he had no information on the delivery.\n\nJo")
    assert found is not None and found.evidence == "reported"


# ---- held-out set -----------------------------------------------------------------------------
# tests/fixtures/noinfo_heldout.jsonl: short labelled snippets written for measuring, never used to
# choose a pattern. Each is run as the delegate's own mail ("authored"), inside a client's quote of
# the delegate ("quoted") or in a client's own words ("reported").

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "noinfo_heldout.jsonl"


def _heldout_body(item: dict[str, str]) -> tuple[str, str, str]:
    """(sender, recipient, body) that puts the snippet where its setup says."""
    if item["setup"] == "authored":
        return f"Peter Novak <{DELEGATE}>", CLIENT, f"Hello Jo,\n\n{item['text']}\n\nPeter"
    if item["setup"] == "quoted":
        return CLIENT, "Anna Kovacs <anna.kovacs@studio.example>", (
            f"Hello,\n\nSee below.\n\nOn Tue, 15 Jul 2025 at 10:02, Peter Novak <{DELEGATE}> wrote:\n> {item['text']}\n")
    return CLIENT, "Anna Kovacs <anna.kovacs@studio.example>", f"Hello Anna,\n\n{item['text']}\n\nJo"


def heldout_figures() -> dict[str, float | int | list[str]]:
    """Precision, recall and evidence accuracy of the detector on the held-out snippets."""
    items = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = right_evidence = 0
    misses: list[str] = []
    for item in items:
        sender, to, body = _heldout_body(item)
        found = run(body, sender=sender, to=to)
        if found and item["label"]:
            tp += 1
            right_evidence += found.evidence == item["setup"]
        elif found:
            fp += 1
            misses.append(f"false positive ({item['family']}): {item['text']}")
        elif item["label"]:
            fn += 1
            misses.append(f"missed ({item['family']}): {item['text']}")
    return {"items": len(items), "positives": tp + fn, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "evidence": right_evidence / tp if tp else 1.0,
            "misses": misses}


def test_heldout_set_precision_and_recall() -> None:
    figures = heldout_figures()
    assert figures["items"] >= 40 and figures["positives"] >= 20
    assert figures["precision"] >= 0.95, figures["misses"]
    assert figures["recall"] >= 0.85, figures["misses"]
    assert figures["evidence"] == 1.0


if __name__ == "__main__":  # .venv/bin/python -m tests.unit.test_detector
    print(json.dumps(heldout_figures(), indent=2, ensure_ascii=False))


OUTLOOK = Path(__file__).resolve().parents[1] / "fixtures" / "outlook"


def detect_file(name: str) -> Finding | None:
    parsed = mime.parse((OUTLOOK / name).read_bytes())
    return detect(parsed, directory=DIRECTORY, delegate_name=DELEGATE_NAME,
                  mass_or_robot=False)


def test_outlook_wrapped_headers_keep_the_clients_older_words_off_the_delegate() -> None:
    # The client's own earlier "I have no information" sits under a wrapped Outlook header below
    # the delegate's helpful answer: it is the client's, not the delegate's.
    assert detect_file("plain_wrapped_headers.eml") is None


def test_outlook_french_keys_on_their_own_lines_attribute_the_quote_to_the_delegate() -> None:
    found = detect_file("fr_keys_on_their_own_lines.eml")
    assert found == Finding("quoted", "Je n'ai aucune information sur la toiture, désolé.")


@pytest.mark.parametrize(("text", "sentences"), [
    ("Votre collègue, M. Lemieux, m'a dit qu'il ne savait rien. Merci.",
     ["Votre collègue, M. Lemieux, m'a dit qu'il ne savait rien.", "Merci."]),
    ("Is plan A-2 at rev. 4, or is rev. 2 still valid? Thanks.", ["Is plan A-2 at rev. 4, or is rev. 2 still valid?", "Thanks."]),
    ("I spoke to Dr. Weber and J. Smith. They knew nothing.", ["I spoke to Dr. Weber and J. Smith.", "They knew nothing."]),
    ("See p. 12, e.g. the table. Bricks, tiles etc. are late. OK.",
     ["See p. 12, e.g. the table.", "Bricks, tiles etc. are late.", "OK."]),
    ("Sorry, no. We cannot. It is version 2. Done!", ["Sorry, no.", "We cannot.", "It is version 2.", "Done!"]),
])
def test_sentences_do_not_end_at_titles_initials_or_abbreviations(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_evidence_is_the_whole_sentence_around_a_title() -> None:
    finding = run("Bonjour,\n\nVotre collègue, M. Novak, m'a dit qu'il n'avait aucune information sur le planning.\n\nJo")
    assert finding is not None
    assert finding.sentence == "Votre collègue, M. Novak, m'a dit qu'il n'avait aucune information sur le planning."

from pathlib import Path

import pytest

from responder.judge import briefs
from responder.judge.sorter import MessageFacts, Project, Sorter, make_project

DATA = Path(__file__).resolve().parents[1] / "data" / "briefs"


@pytest.fixture(scope="module")
def sorter() -> Sorter:
    atlas = make_project("atlas", "Atlas ERP migration", ["@acme.example", "jo@other.example"], ["ERP", "Atlas", "cutover"],
                         briefs.load(DATA / "atlas.md"))
    boreal = make_project("boreal", "Refonte du site Boréal", ["@boreal.example", "@shared.example"], ["Boréal", "réservation"],
                          briefs.load(DATA / "boreal.md"))
    # A third project sharing a client domain with boreal.
    other = Project("shop", "Web shop", ("@shared.example",), ("webshop", "panier"), briefs.parse("# Shop\n\n## Catalogue\n\nProducts and carts."), "en")
    return Sorter([atlas, boreal, other])


def facts(sender: str, subject: str, text: str = "", **kw: object) -> MessageFacts:
    return MessageFacts(correspondents=(sender,), subject=subject, new_text=text, **kw)  # type: ignore[arg-type]


def test_brief_languages_are_detected(sorter: Sorter) -> None:
    assert {p.id: p.language for p in sorter.projects}["boreal"] == "fr"
    assert {p.id: p.language for p in sorter.projects}["atlas"] == "en"


def test_thread_assignment_wins_and_says_so(sorter: Sorter) -> None:
    result = sorter.sort(facts("stranger@else.example", "Re: hello"), thread=("t12", "atlas"))
    assert (result.project, result.reason) == ("atlas", "thread t12 already belongs to atlas")


def test_client_domain_of_one_project_is_enough(sorter: Sorter) -> None:
    result = sorter.sort(facts("mia@acme.example", "Question", "Could you call me back tomorrow?"))
    assert result.project == "atlas"
    assert "sender domain acme.example is a client of atlas" in result.reason
    assert result.client_match == "domain"


def test_exact_client_address(sorter: Sorter) -> None:
    result = sorter.sort(facts("Jo@Other.example", "Question", "Hello"))
    assert (result.project, result.client_match) == ("atlas", "address")


def test_shared_domain_is_decided_by_content(sorter: Sorter) -> None:
    result = sorter.sort(facts("lea@shared.example", "Recette", "Bonjour, la recette du site de réservation commence-t-elle le 13 juillet ?"))
    assert result.project == "boreal"
    assert "réservation" in result.reason


def test_shared_domain_without_content_is_no_project(sorter: Sorter) -> None:
    result = sorter.sort(facts("lea@shared.example", "Question", "Pouvez-vous me rappeler ?"))
    assert result.project is None
    assert "equally likely" in result.reason


def test_unknown_sender_with_keywords_and_brief_content(sorter: Sorter) -> None:
    result = sorter.sort(facts("someone@gmail.example", "ERP cutover", "Will the old ERP be read-only during the cutover weekend?"))
    assert result.project == "atlas"


def test_nothing_points_anywhere(sorter: Sorter) -> None:
    result = sorter.sort(facts("someone@gmail.example", "Hello", "Are you free for lunch?"))
    assert result.project is None and result.score == 0.0


def test_automated_mail_is_not_sorted_by_sender_alone(sorter: Sorter) -> None:
    result = sorter.sort(facts("news@acme.example", "Our summer newsletter", "Read our news", automated=True))
    assert result.project is None

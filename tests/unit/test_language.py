import pytest

from responder.mail import language


@pytest.mark.parametrize(("text", "code"), [
    ("Bonjour, pouvez-vous me dire quand la livraison des meubles aura lieu ? Merci d'avance.", "fr"),
    ("Hello, could you tell me when the furniture will be delivered? Thanks in advance.", "en"),
    ("Guten Tag, können Sie mir sagen, wann die Möbel geliefert werden? Vielen Dank.", "de"),
    ("Goedemiddag, kunt u mij zeggen wanneer de meubels geleverd worden? Alvast bedankt.", "nl"),
    ("Buenos días, ¿podría decirme cuándo se entregarán los muebles? Gracias de antemano.", "es"),
])
def test_detects_the_languages_clients_write_in(text: str, code: str) -> None:
    assert language.detect(text) == code


def test_too_little_text_gives_the_fallback() -> None:
    assert language.detect("OK", fallback="fr") == "fr"
    assert language.detect("", fallback=None) is None


def test_addresses_and_links_do_not_sway_a_short_message() -> None:
    text = "Merci beaucoup pour votre retour rapide https://www.example.com/very/long/english/words/path jo@example.com"
    assert language.detect(text) == "fr"


def test_only_allowed_languages_are_returned() -> None:
    assert language.detect("Hello, could you send the invoice again please?", allowed=("fr", "de"), fallback="xx") in ("fr", "de", "xx")

import logging
import re
from pathlib import Path

import pytest

from responder import resources
from responder.compose.templates import KINDS, VARIABLES, TemplateSet, sample_variables, shipped_folder
from responder.errors import TemplateError

SHIPPED = ("reply.en.txt.j2", "reply.fr.txt.j2", "reply.en.html.j2", "reply.fr.html.j2", "handover.en.txt.j2",
           "handover.fr.txt.j2")


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def by_language(project: str | None = None, kind: str = "reply"):  # type: ignore[no-untyped-def]
    return lambda language: sample_variables(project, language, kind)


def test_shipped_templates_are_found_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = shipped_folder()
    assert folder.is_absolute()
    # The reply and handover templates; the digest and the report ship their own beside them.
    assert sorted(p.name for p in folder.glob("*.j2") if p.name.split(".")[0] in KINDS) == sorted(SHIPPED)


def test_wheel_layout_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a wheel, pyproject's force-include puts the templates in responder/_templates."""
    package = tmp_path / "site-packages" / "responder"
    (package / "_templates").mkdir(parents=True)
    (package / "_templates" / "reply.en.txt.j2").write_text("packaged")
    monkeypatch.setattr(resources.resources, "files", lambda name: package)
    assert shipped_folder() == (package / "_templates").resolve()
    (package / "_templates" / "reply.en.txt.j2").unlink()
    with pytest.raises(TemplateError, match="shipped templates not found"):
        shipped_folder()


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_templates_document_every_variable(name: str) -> None:
    source = (shipped_folder() / name).read_text(encoding="utf-8")
    comment = re.match(r"\{#(.*?)#\}", source, re.DOTALL)
    assert comment, "a shipped template starts with a comment documenting its variables"
    kind = name.split(".")[0]
    documented = set(re.findall(r"\b[a-z_]+\b", comment.group(1)))
    assert set(VARIABLES[kind]) <= documented


@pytest.mark.parametrize(("kind", "names"), [("reply", VARIABLES["reply"]), ("handover", VARIABLES["handover"])])
def test_sample_variables_are_exactly_the_documented_ones(kind: str, names: tuple[str, ...]) -> None:
    assert set(sample_variables("atlas", "en", kind)) == set(names)


@pytest.mark.parametrize(("language", "template", "date"), [
    ("en", "default:reply.en.txt.j2", "24 July 2026"),
    ("fr", "default:reply.fr.txt.j2", "24 juillet 2026"),
])
def test_language_chooses_the_template(language: str, template: str, date: str) -> None:
    rendered = TemplateSet(None, "en").render("reply", language, None, by_language())
    assert (rendered.template, rendered.language) == (template, language)
    assert date in rendered.text
    assert rendered.html is not None and date in rendered.html
    assert not rendered.fell_back and rendered.error is None


@pytest.mark.parametrize(("default", "expected", "date"), [("fr", "fr", "24 juillet 2026"), ("en", "en", "24 July 2026")])
def test_language_without_template_falls_back_to_default_language(default: str, expected: str, date: str) -> None:
    rendered = TemplateSet(None, default).render("reply", "de", None, by_language())
    assert rendered.template == f"default:reply.{expected}.txt.j2"
    assert date in rendered.text  # the date follows the template's language, not the client's ("24 Juli")


def test_project_template_overrides_generic_one_for_that_project_only(user_dir: Path) -> None:
    write(user_dir, "reply.atlas.en.txt.j2", "Atlas reply for {{ client_name }}")
    templates = TemplateSet(user_dir, "en")
    atlas = templates.render("reply", "en", "atlas", by_language("atlas"))
    boreal = templates.render("reply", "en", "boreal", by_language("boreal"))
    assert (atlas.template, atlas.text) == ("reply.atlas.en.txt.j2", "Atlas reply for Jo Lambert\n")
    assert boreal.template == "default:reply.en.txt.j2"


def test_language_wins_over_project(user_dir: Path) -> None:
    write(user_dir, "reply.atlas.en.txt.j2", "Atlas reply")
    rendered = TemplateSet(user_dir, "en").render("reply", "fr", "atlas", by_language("atlas"))
    assert rendered.template == "default:reply.fr.txt.j2"


def test_user_template_overrides_shipped_and_brings_no_foreign_html(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "Mine: back on {{ return_date }}.")
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert rendered.template == "reply.en.txt.j2"
    assert rendered.text == "Mine: back on 24 July 2026.\n"
    assert rendered.html is None  # the shipped HTML would contradict the user's own text


def test_user_html_sibling_is_used(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "text")
    write(user_dir, "reply.en.html.j2", "<p>{{ delegate.name }}</p>")
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert rendered.html == "<p>Sam Martin</p>"


def test_user_template_can_extend_the_shipped_one(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2",
          '{% extends "default:reply.en.txt.j2" %}\n{% block closing %}\nCheers,\n{{ employee.name }}\n{% endblock %}\n')
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert rendered.template == "reply.en.txt.j2"
    assert "Dear Jo Lambert," in rendered.text
    assert rendered.text.endswith("Cheers,\nAlex Durand\n")
    assert "Kind regards" not in rendered.text


def test_shipped_templates_pass_check() -> None:
    assert TemplateSet(None, "en").check(["atlas", "boreal"], ["en", "fr", "de"]) == []


def test_check_reports_syntax_error_with_file_and_line(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "Hello\n\n{% if client_name %}\nDear\n")
    errors = TemplateSet(user_dir, "en").check(["atlas"], ["en"])
    assert len(errors) == 1
    assert errors[0].startswith("reply.en.txt.j2:4: syntax error: ")


def test_check_reports_undefined_variable_with_line(user_dir: Path) -> None:
    write(user_dir, "reply.fr.txt.j2", "Bonjour,\n\nRetour le {{ retrun_date }}.\n")
    errors = TemplateSet(user_dir, "en").check([], ["en"])  # checked even though fr is not listed
    assert errors == ["reply.fr.txt.j2:3: undefined value: 'retrun_date' is undefined"]


def test_check_reports_variable_missing_only_without_excerpt(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "Hello\n{{ excerpt.heading }}\n")
    assert TemplateSet(user_dir, "en").check([], ["en"]) == ["reply.en.txt.j2:2: undefined value: 'None' has no attribute 'heading'"]


def test_check_reports_error_inside_a_child_block_at_its_line(user_dir: Path) -> None:
    write(user_dir, "handover.en.txt.j2",
          '{% extends "default:handover.en.txt.j2" %}\n{% block greeting %}\nHi {{ delegate.nmae }},\n{% endblock %}\n')
    errors = TemplateSet(user_dir, "en").check([], ["en"])
    assert errors and all(e.startswith("handover.en.txt.j2:3: undefined value") for e in errors)


def test_check_reports_sandbox_escape_as_security_error(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "Hello\n{{ ''.__class__.__mro__ }}\n")
    errors = TemplateSet(user_dir, "en").check([], ["en"])
    assert len(errors) == 1
    assert errors[0].startswith("reply.en.txt.j2:2: security error")
    assert "__class__" in errors[0]


def test_check_reports_project_template_for_unknown_project(user_dir: Path) -> None:
    write(user_dir, "reply.atals.en.txt.j2", "Hello")
    errors = TemplateSet(user_dir, "en").check(["atlas"], ["en"])
    assert errors == ["reply.atals.en.txt.j2: no project 'atals' in the configuration (projects: atlas)"]


def test_sandbox_escape_is_never_rendered(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "{{ ''.__class__.__mro__ }}")
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert "class" not in rendered.text
    assert rendered.fell_back and rendered.template == "default:reply.en.txt.j2"
    assert rendered.error is not None and "security error" in rendered.error


@pytest.mark.parametrize("source", ["{% if %}", "{{ unknown_name }}", "{{ 1 / 0 }}", '{% extends "reply.en.txt.j2" %}'])
def test_broken_user_template_falls_back_to_shipped(user_dir: Path, caplog: pytest.LogCaptureFixture, source: str) -> None:
    write(user_dir, "reply.en.txt.j2", f"Hello\n{source}\n")
    with caplog.at_level(logging.ERROR, logger="responder.templates"):
        rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert rendered.fell_back
    assert rendered.template == "default:reply.en.txt.j2"
    assert "Dear Jo Lambert," in rendered.text and rendered.html is not None
    assert rendered.error is not None and rendered.error.startswith("reply.en.txt.j2:")
    assert [r.name for r in caplog.records if r.levelno == logging.ERROR] == ["responder.templates"]
    assert "reply.en.txt.j2:" in caplog.records[0].getMessage()


def test_broken_project_template_falls_back_to_shipped_template_of_its_language(user_dir: Path) -> None:
    write(user_dir, "reply.atlas.fr.txt.j2", "{{ nope }}")
    rendered = TemplateSet(user_dir, "en").render("reply", "fr", "atlas", by_language("atlas"))
    assert (rendered.template, rendered.fell_back) == ("default:reply.fr.txt.j2", True)
    assert rendered.error == "reply.atlas.fr.txt.j2:1: undefined value: 'nope' is undefined"


def test_broken_user_html_falls_back_as_a_pair(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "fine")
    write(user_dir, "reply.en.html.j2", "<p>{{ broken }</p>")
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert rendered.fell_back and rendered.text.startswith("Dear Jo Lambert,")
    assert rendered.error is not None and rendered.error.startswith("reply.en.html.j2:1: syntax error")


def test_shipped_only_ignores_user_templates(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "mine")
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, by_language(), shipped_only=True)
    assert rendered.template == "default:reply.en.txt.j2" and not rendered.fell_back


def test_html_is_autoescaped_but_text_is_not() -> None:
    variables = {**sample_variables(None, "en"), "client_name": "<script>alert(1)</script>"}
    rendered = TemplateSet(None, "en").render("reply", "en", None, variables)
    assert rendered.html is not None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "<script>" not in rendered.html
    assert "Dear <script>alert(1)</script>," in rendered.text


def test_user_text_template_is_not_escaped_but_html_is(user_dir: Path) -> None:
    write(user_dir, "reply.en.txt.j2", "{{ subject }}")
    write(user_dir, "reply.en.html.j2", "{{ subject }}")
    variables = {**sample_variables(None, "en"), "subject": "Q&A <b>"}
    rendered = TemplateSet(user_dir, "en").render("reply", "en", None, variables)
    assert (rendered.text, rendered.html) == ("Q&A <b>\n", "Q&amp;A &lt;b&gt;")


def test_greeting_without_client_name_and_optional_contact_details() -> None:
    variables = sample_variables(None, "en")
    variables.update(client_name="", excerpt=None, delegate={**variables["delegate"], "phone": "", "role": ""})
    text = TemplateSet(None, "en").render("reply", "en", None, variables).text
    assert text.startswith("Hello,\n")
    assert "Sam Martin is handling" in text and " or on " not in text and "()" not in text
    assert "project notes may already answer" not in text


def test_missing_user_folder_means_shipped_only(tmp_path: Path) -> None:
    rendered = TemplateSet(tmp_path / "absent", "en").render("reply", "en", None, by_language())
    assert rendered.template == "default:reply.en.txt.j2"


def test_signature_separator_keeps_its_space() -> None:
    text = TemplateSet(None, "en").render("handover", "en", None, by_language(kind="handover")).text
    assert "\n-- \nresponder, for Alex Durand\n" in text


def test_an_edited_template_is_compiled_again_by_the_next_template_set(user_dir: Path) -> None:
    """Compiled templates outlive a template set; an edit in between must not serve the old text."""
    write(user_dir, "reply.en.txt.j2", "First wording for {{ client_name }}")
    first = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    write(user_dir, "reply.en.txt.j2", "Second wording for {{ client_name }}")
    second = TemplateSet(user_dir, "en").render("reply", "en", None, by_language())
    assert (first.text, second.text) == ("First wording for Jo Lambert\n", "Second wording for Jo Lambert\n")


def test_a_template_added_while_running_is_used(user_dir: Path) -> None:
    templates = TemplateSet(user_dir, "en")
    assert templates.render("reply", "en", None, by_language()).template == "default:reply.en.txt.j2"
    write(user_dir, "reply.en.txt.j2", "Added later")
    assert templates.render("reply", "en", None, by_language()).text == "Added later\n"

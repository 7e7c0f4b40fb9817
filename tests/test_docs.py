"""The documentation, the example configuration and the code stay in step."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from responder.cli.main import cli
from responder.config import SECTIONS, section_help

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = (ROOT / "config.example.toml").read_text(encoding="utf-8")

def _schema() -> tuple[list[str], list[str]]:
    """Keys to document one by one, and sections that repeat an earlier section's keys ([delegate_imap])."""
    keys, repeats, seen = [], [], set()
    for section, (cls, _required) in SECTIONS.items():
        if cls in seen:
            repeats.append(section)
            continue
        seen.add(cls)
        keys += [f"{section}.{key}" for key in section_help()[section]]
    return keys, repeats


SCHEMA_KEYS, REPEATED_SECTIONS = _schema()



@pytest.mark.parametrize("key", SCHEMA_KEYS)
def test_every_schema_key_is_in_the_readme(key: str) -> None:
    assert f"`{key}`" in README


@pytest.mark.parametrize("key", SCHEMA_KEYS)
def test_every_schema_key_is_documented_in_the_example(key: str) -> None:
    section, name = key.split(".")
    header = f"[[{section}]]" if section == "projects" else f"[{section}]"
    block = re.split(rf"^(?:# )?{re.escape(header)}", EXAMPLE, maxsplit=1, flags=re.MULTILINE)[1]
    block = re.split(r"^(?:# )?\[", block, maxsplit=1, flags=re.MULTILINE)[0]
    # present as a key (maybe commented out), and preceded by a comment line
    match = re.search(rf"^#[^\n]*\n(# )?{name} = ", block, flags=re.MULTILINE)
    assert match, f"{key} missing or without a comment in config.example.toml"


@pytest.mark.parametrize("section", REPEATED_SECTIONS)
def test_sections_that_repeat_another_are_shown_in_the_readme_and_the_example(section: str) -> None:
    assert f"[{section}]" in README
    assert re.search(rf"^(# )?\[{section}\]", EXAMPLE, flags=re.MULTILINE)


def test_example_has_no_key_outside_the_schema() -> None:
    data = tomllib.loads(EXAMPLE)
    for section, value in data.items():
        tables = value if isinstance(value, list) else [value]
        for table in tables:
            for key in table:
                assert f"{section}.{key}" in SCHEMA_KEYS or section in REPEATED_SECTIONS


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    setup = README.split("## Set up", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in setup.strip().splitlines()]
    assert commands == ["scripts/demo", "scripts/test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec scripts/test\s*$", ci, flags=re.MULTILINE)


def test_every_command_in_the_readme_has_help() -> None:
    table = README.split("## Commands", 1)[1].split("##", 1)[0]
    documented = re.findall(r"`responder ([a-z ]+?) --config", table)
    assert documented, "no command documented"
    for command in documented:
        result = CliRunner().invoke(cli, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        assert "--config" in result.output



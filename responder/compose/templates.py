"""Reply and handover templates: the employee's own first, the shipped ones behind them.

Names are ``{kind}.[{project}.]{language}.{txt|html}.j2``. For a kind, language and project the
text template is the first that exists, the user's folder winning over the shipped one at each
step: ``reply.atlas.fr`` → ``reply.fr`` → the same two for the default language → the same two
for English. The HTML alternative is the *sibling* of the chosen text template in the same
folder (``reply.fr.html.j2`` next to the user's ``reply.fr.txt.j2``): a user who rewrites only
the text template gets a text-only reply rather than his text beside our HTML.

Templates run in jinja's sandbox with ``StrictUndefined``: ``{{ ''.__class__ }}`` is a
SecurityError and a misspelt variable an error, never a silent blank. A user template that
fails is logged at ERROR with ``file:line`` and the shipped template is used instead, so a bad
edit never stops the service; ``check`` finds such problems before they matter.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    nodes,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from responder.absence import format_date
from responder.compose import markdown_text, template_budget
from responder.errors import TemplateError
from responder.resources import bundled_folder

log = logging.getLogger("responder.templates")

KINDS = ("reply", "handover")
FALLBACK_LANGUAGE = "en"
SHIPPED_MARKER = "reply.en.txt.j2"
_NAME = re.compile(
    r"^(?P<kind>reply|handover)\.(?:(?P<project>[A-Za-z0-9][A-Za-z0-9_.-]*)\.)?(?P<language>[a-z]{2,3})\.(?:txt|html)\.j2$"
)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

# The variables every template of a kind receives (documented at the top of each shipped template).
REPLY_VARIABLES = ("client_name", "project", "delegate", "employee", "return_date", "return_date_iso", "excerpt", "subject")
VARIABLES = {"reply": REPLY_VARIABLES, "handover": (*REPLY_VARIABLES, "question", "client_address", "sections", "thread")}

# The values, or a function of the language of the template finally used (for dates in that language).
Variables = Mapping[str, Any] | Callable[[str], Mapping[str, Any]]


@dataclass(frozen=True)
class Rendered:
    """One rendered message body; ``template`` names the text template as the user refers to it."""

    text: str
    html: str | None
    template: str
    language: str
    fell_back: bool
    error: str | None


@dataclass(frozen=True)
class _Choice:
    stem: str  # "reply.atlas.fr"
    language: str
    user: bool  # from the user's folder, else shipped

    def names(self) -> tuple[str, str]:
        return f"{self.stem}.txt.j2", f"{self.stem}.html.j2"


def shipped_folder() -> Path:
    """The shipped templates: ``responder/_templates`` in a wheel, ``<repo>/templates`` in a checkout."""
    folder = bundled_folder("_templates", "templates", SHIPPED_MARKER)
    if folder is None:
        raise TemplateError("templates", None, "shipped templates not found: reinstall responder")
    return folder.resolve()


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process, shared by every :class:`TemplateSet`.

    Parsing and compiling a template costs about ten milliseconds; a service builds its
    template set once, but ``inspect`` and the tests build one per run or per database. jinja
    checks each entry against a checksum of the template's source, so an edited template is
    compiled again. All template sets configure their environment alike, so their compiled
    code is interchangeable.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()
_MARKDOWN_COMPILED = _CompiledTemplates()


class _RuntimeOnly(CodeGenerator):
    """Compiles every expression to run at render time: jinja would otherwise compute constant ones
    ("{{ 'x' * 3000000000 }}", "{{ 'x' | center(2000000000) }}") while compiling, in this process,
    outside the render budget (compose.template_budget)."""

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        if not isinstance(node, nodes.TemplateData):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)


class _Sandbox(SandboxedEnvironment):
    code_generator_class = _RuntimeOnly


class TemplateSet:
    """The user's templates over the shipped ones, in one sandboxed jinja environment."""

    def __init__(self, user_dir: Path | None, default_language: str) -> None:
        self.shipped_dir = shipped_folder()
        self.user_dir = _usable(user_dir, self.shipped_dir)
        self.default_language = default_language
        self._shipped_exists: dict[str, bool] = {}
        self._logged: set[str] = set()
        shipped = FileSystemLoader(self.shipped_dir)
        loaders: list[Any] = [PrefixLoader({"default": shipped}, delimiter=":"), shipped]
        if self.user_dir is not None:
            loaders.insert(0, FileSystemLoader(self.user_dir))
        self.env = _Sandbox(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
            optimized=False,  # no constant folding: see _RuntimeOnly
        )
        self.env.filters["trusted"] = Markup  # the employee's own Markdown (her brief), printed as written
        # Markdown outputs print every value escaped (compose.markdown_text); compiled apart, as the
        # escaping is compiled into the template.
        self.markdown_env = self.env.overlay(finalize=markdown_text.escape, bytecode_cache=_MARKDOWN_COMPILED)

    def render(
        self, kind: str, language: str, project_id: str | None, variables: Variables, *, shipped_only: bool = False
    ) -> Rendered:
        """Render the best template for ``kind``; a failing user template falls back to the shipped one.

        ``variables`` may be a function of the chosen template's language, so that a German client
        answered with the English template reads "24 July 2026", not "24 Juli 2026".
        """
        choice = self._choose(kind, language, project_id, user=not shipped_only)
        if not choice.user:
            return self._render_shipped(choice, variables, None)
        try:
            return self._render_pair(choice, variables, fell_back=False, error=None)
        except Exception as exc:  # noqa: BLE001 - any failure of a user template: never stop the service
            error = self.describe(exc, choice.names()[0])
            fallback = self._choose(kind, choice.language, project_id, user=False)
            if error not in self._logged:  # once per problem, not once per message
                self._logged.add(error)
                log.error("template %s; using the shipped %s instead", error, self._name(fallback.names()[0], False))
            return self._render_shipped(fallback, variables, error)

    def template(self, name: str) -> Template:
        """The template ``name`` from the environment its output needs (Markdown ones escape every value)."""
        return (self.markdown_env if markdown_text.is_markdown(name) else self.env).get_template(name)

    def exists(self, name: str, *, user: bool | None = None) -> bool:
        """Whether the template file ``name`` is the employee's (``user``), shipped (not ``user``), or either."""
        if user is None:
            return self._exists(name, True) or self._exists(name, False)
        return self._exists(name, user)

    def render_file(self, name: str, values: Mapping[str, Any], *, user: bool) -> str:
        """One template file rendered; the employee's own within the time, memory and size budget
        (``compose.template_budget``), so no slip in them can stop the service."""
        template = self.template(name)
        if not user:
            return template.render(values)
        return template_budget.render(lambda: template.render(values), lambda exc: self.describe(exc, name))

    def check(self, project_ids: Sequence[str], languages: Sequence[str]) -> list[str]:
        """Render every template in use, and every user template, with sample data; ``file:line: message`` each."""
        errors: dict[str, None] = {}
        for (name, user), projects in sorted(self._targets(project_ids, languages, errors).items()):
            for project in sorted(projects, key=lambda p: p or ""):
                for variables in _variants(_parse(name), project):
                    try:
                        self.render_file(self._name(name, user), variables, user=user)
                    except Exception as exc:  # noqa: BLE001 - collected and reported, like render() would log it
                        errors[self.describe(exc, self._name(name, user))] = None
        return list(errors)

    def describe(self, exc: BaseException, fallback_file: str) -> str:
        """``file:line: what`` for a template failure, the line taken from jinja's traceback."""
        if isinstance(exc, template_budget.BudgetExceeded):
            return str(exc) if exc.located else f"{fallback_file}: {exc}"
        file, line = self._locate(exc, fallback_file)
        return f"{file}:{line}: {_what(exc)}" if line else f"{file}: {_what(exc)}"

    # -- selection -------------------------------------------------------------------------

    def _choose(self, kind: str, language: str, project_id: str | None, *, user: bool) -> _Choice:
        for stem, lang in self._stems(kind, language, project_id):
            for in_user in (True, False) if user else (False,):
                if self._exists(f"{stem}.txt.j2", in_user):
                    return _Choice(stem, lang, in_user)
        raise TemplateError(f"{kind}.{FALLBACK_LANGUAGE}.txt.j2", None, "shipped template missing: reinstall responder")

    def _stems(self, kind: str, language: str, project_id: str | None) -> Iterator[tuple[str, str]]:
        """Most specific first: the project's then the generic template, per language in order."""
        languages = [lang for lang in (language, self.default_language, FALLBACK_LANGUAGE) if _LANGUAGE.match(lang)]
        for lang in dict.fromkeys(languages):
            if project_id:
                yield f"{kind}.{project_id}.{lang}", lang
            yield f"{kind}.{lang}", lang

    def _exists(self, name: str, user: bool) -> bool:
        """Whether the template file exists; the user's folder is looked at every time (he may add a
        template while the service runs), the shipped folder once per name (it is the program's)."""
        if user:
            return self.user_dir is not None and (self.user_dir / name).is_file()
        if name not in self._shipped_exists:
            self._shipped_exists[name] = (self.shipped_dir / name).is_file()
        return self._shipped_exists[name]

    # -- rendering -------------------------------------------------------------------------

    def _render_pair(self, choice: _Choice, variables: Variables, *, fell_back: bool, error: str | None) -> Rendered:
        values = variables(choice.language) if callable(variables) else variables
        text_name, html_name = choice.names()
        text = self.render_file(self._name(text_name, choice.user), values, user=choice.user)
        html = None
        if self._exists(html_name, choice.user):
            html = self.render_file(self._name(html_name, choice.user), values, user=choice.user)
        return Rendered(_tidy(text), html, self._name(text_name, choice.user), choice.language, fell_back, error)

    def _render_shipped(self, choice: _Choice, variables: Variables, error: str | None) -> Rendered:
        """A shipped template failing is a bug (or variables missing): raise it as a TemplateError."""
        try:
            return self._render_pair(choice, variables, fell_back=error is not None, error=error)
        except Exception as exc:
            file, line = self._locate(exc, self._name(choice.names()[0], False))
            raise TemplateError(file, line, _what(exc)) from exc

    @staticmethod
    def _name(name: str, user: bool) -> str:
        """How jinja loads it and the user names it: shipped templates carry the ``default:`` prefix."""
        return name if user else f"default:{name}"

    # -- check -----------------------------------------------------------------------------

    def _targets(
        self, project_ids: Sequence[str], languages: Sequence[str], errors: dict[str, None]
    ) -> dict[tuple[str, bool], set[str | None]]:
        """(file, user?) → projects to render it for: what each language would use, plus every user file."""
        targets: dict[tuple[str, bool], set[str | None]] = {}
        for kind, language, project in product(KINDS, languages, (None, *project_ids)):
            for user in (True, False):
                choice = self._choose(kind, language, project, user=user)
                for name in choice.names():
                    if self._exists(name, choice.user):
                        targets.setdefault((name, choice.user), set()).add(project)
        for name in self._user_files():
            project = _parse(name).get("project")
            if project and project not in project_ids:
                errors[f"{name}: no project {project!r} in the configuration (projects: {', '.join(project_ids) or 'none'})"] = None
            targets.setdefault((name, True), set()).update({project} if project else {None, *project_ids})
        return targets

    def _user_files(self) -> list[str]:
        if self.user_dir is None:
            return []
        return sorted(p.name for p in self.user_dir.iterdir() if p.is_file() and _NAME.match(p.name))

    def _locate(self, exc: BaseException, fallback_file: str) -> tuple[str, int | None]:
        if isinstance(exc, TemplateSyntaxError):
            return (self._display(exc.filename) or fallback_file) if exc.filename else fallback_file, exc.lineno
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            shown = self._display(frame.filename)
            if shown:
                return shown, frame.lineno
        return fallback_file, None

    def _display(self, filename: str) -> str | None:
        """A template file as the user names it: relative to his folder, or ``default:`` + shipped name."""
        path = Path(filename)
        if self.user_dir is not None and path.is_relative_to(self.user_dir):
            return str(path.relative_to(self.user_dir))
        if path.is_relative_to(self.shipped_dir):
            return f"default:{path.relative_to(self.shipped_dir)}"
        return None


def _usable(user_dir: Path | None, shipped: Path) -> Path | None:
    """The user's folder when it exists and is not the shipped one itself (a config in the repo root)."""
    if user_dir is None or not user_dir.is_dir():
        return None
    resolved = user_dir.resolve()
    return None if resolved == shipped else resolved


def _parse(name: str) -> dict[str, str | None]:
    match = _NAME.match(name)
    return match.groupdict() if match else {}


def _what(exc: BaseException) -> str:
    if isinstance(exc, TemplateSyntaxError):
        return f"syntax error: {exc.message}"
    if isinstance(exc, SecurityError):
        return f"security error (not allowed in a template): {exc}"
    if isinstance(exc, UndefinedError):
        return f"undefined value: {exc}"
    if isinstance(exc, TemplateNotFound):
        return f"template not found: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _tidy(text: str) -> str:
    """No trailing spaces (but the "-- " signature mark), at most one blank line in a row, one final newline."""
    lines = [line.rstrip() if line.rstrip() != "--" else "-- " for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _variants(parsed: Mapping[str, str | None], project: str | None) -> list[dict[str, Any]]:
    """The full sample, and a bare one (no excerpt, name, phone, role) that exercises every ``if``."""
    kind, language = parsed.get("kind") or "reply", parsed.get("language") or FALLBACK_LANGUAGE
    full = sample_variables(project, language, kind)
    bare = {**full, "client_name": "", "excerpt": None, "delegate": {**full["delegate"], "phone": "", "role": ""}}
    if kind == "handover":
        bare["sections"] = []
    return [full, bare]


def sample_variables(project_id: str | None, language: str, kind: str = "reply") -> dict[str, Any]:
    """Plausible values for every variable of ``kind`` (VARIABLES), as ``check`` renders them.

    Each variable is documented in the comment that opens every shipped template.
    """
    back = date(2026, 7, 24)
    variables: dict[str, Any] = {
        "client_name": "Jo Lambert",
        "project": {"id": project_id, "name": project_id.title()} if project_id else None,
        "delegate": {"name": "Sam Martin", "address": "sam.martin@example.com", "phone": "+33 1 23 45 67 89",
                     "role": "Project manager"},
        "employee": {"name": "Alex Durand", "address": "alex.durand@example.com"},
        "return_date": format_date(back, language),
        "return_date_iso": back.isoformat(),
        "excerpt": {"heading": "Schedule", "text": "- Go-live of the stock module: Monday 13 July 2026."},
        "subject": "Go-live date?",
    }
    if kind == "handover":
        variables.update(
            question="When is the go-live of the stock module?",
            client_address="jo.lambert@client.example",
            sections=[
                {"heading": "Schedule", "text": "- Go-live: Monday 13 July 2026.", "internal": False},
                {"heading": "Margins and pricing (internal)", "text": "Day rate sold at 950 EUR.", "internal": True},
            ],
            thread="t12",
        )
    return variables

"""Which project a message is about, with a score and a reason a person can check.

Signals, strongest first: the thread's earlier assignment; the correspondent being a configured
client (exact address, or whole domain — a domain may belong to several projects, then content
decides); the project's keywords; and how well the message matches the project's brief. Below
a confidence threshold the answer is "no project": a wrong project is worse than none, since it
would send a client another client's information.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from responder.judge import ranking
from responder.judge.briefs import Brief
from responder.mail import language as language_module

# Evidence points per signal; a project needs MIN_POINTS and a lead of MIN_MARGIN over the next.
# Who writes is a prior (a client of A may ask about B); what the message names and asks about
# weighs more, so explicit topic evidence can overturn it.
POINTS_ADDRESS = 2.5
POINTS_DOMAIN = 2.0
POINTS_KEYWORD_SUBJECT = 1.5
POINTS_KEYWORD_BODY = 1.0
POINTS_KEYWORD_QUOTED = 0.3
MAX_KEYWORD_POINTS = 4.0
POINTS_CONTENT = 1.5
MIN_CONTENT_SCORE = 2.0
FULL_CONTENT_SCORE = 15.0  # a BM25 score this high is a clear match; below it content counts pro rata
MIN_POINTS = 1.9
MIN_MARGIN = 0.9
MAX_PROJECTS_NAMED = 2  # a message naming three projects or more is about none of them in particular
THREAD_SCORE = 0.95


@dataclass(frozen=True)
class Project:
    """A project as the sorter sees it: who its clients are, its words, its brief."""

    id: str
    name: str
    clients: tuple[str, ...]
    keywords: tuple[str, ...]
    brief: Brief
    language: str

    def client_match(self, address: str) -> str | None:
        """"address" or "domain" when ``address`` is one of this project's clients."""
        address = address.lower()
        domain = address.rsplit("@", 1)[-1]
        for client in self.clients:
            client = client.lower()
            if client.startswith("@"):
                if domain == client[1:]:
                    return "domain"
            elif client == address:
                return "address"
        return None


def make_project(project_id: str, name: str, clients: Sequence[str], keywords: Sequence[str], brief: Brief) -> Project:
    """Build a Project, guessing the brief's language from its text."""
    text = " ".join(s.body for s in brief.sections)[:2000]
    lang = language_module.detect(text, fallback="en") or "en"
    return Project(project_id, name, tuple(clients), tuple(keywords), brief, lang)


@dataclass(frozen=True)
class MessageFacts:
    """What the sorter reads of a message."""

    correspondents: tuple[str, ...]  # external addresses: the sender, or the recipients of our own mail
    subject: str
    new_text: str
    quoted_text: str = ""
    automated: bool = False  # lists, newsletters, notifications: never sorted by sender alone


@dataclass(frozen=True)
class Assignment:
    project: str | None
    score: float
    reason: str
    client_match: str | None = None  # "address" | "domain" for the chosen project's correspondent
    margin: float = 0.0  # the chosen project's lead over the next one, in points


@dataclass
class _Evidence:
    points: float = 0.0
    reasons: list[str] = field(default_factory=list)
    client: str | None = None


class Sorter:
    """Sorts messages among a fixed set of projects; build once, call for every message."""

    def __init__(self, projects: Sequence[Project]) -> None:
        self.projects = tuple(projects)
        documents, languages, self._owner = [], [], []
        for project in self.projects:
            for section in project.brief.sections:
                documents.append(f"{project.name}\n{section.text}")
                languages.append(project.language)
                self._owner.append(project.id)
        self._index = ranking.SectionIndex(documents, languages)
        self._headings = [section.heading for project in self.projects for section in project.brief.sections]
        self._keywords = {p.id: [(k, _folded_keyword(k), _keyword_pattern(k)) for k in p.keywords] for p in self.projects}

    def sort(self, facts: MessageFacts, thread: tuple[str, str] | None = None) -> Assignment:
        """Assign ``facts`` to a project; ``thread`` is (thread label, its project) when known."""
        if thread is not None:
            label, project_id = thread
            return Assignment(project_id, THREAD_SCORE, f"thread {label} already belongs to {project_id}",
                              self._client_match(project_id, facts))
        evidence = {p.id: _Evidence() for p in self.projects}
        if not facts.automated:
            self._client_signals(facts, evidence)
        named = self._keyword_signals(facts, evidence)
        if len(named) > MAX_PROJECTS_NAMED:
            return Assignment(None, 0.0, f"names several projects ({', '.join(named)})")
        self._content_signals(facts, evidence)
        return _decide(evidence)

    def _client_match(self, project_id: str, facts: MessageFacts) -> str | None:
        project = next((p for p in self.projects if p.id == project_id), None)
        if project is None:
            return None
        matches = [project.client_match(a) for a in facts.correspondents]
        return "address" if "address" in matches else "domain" if "domain" in matches else None

    def _client_signals(self, facts: MessageFacts, evidence: dict[str, _Evidence]) -> None:
        for project in self.projects:
            for address in facts.correspondents:
                match = project.client_match(address)
                if match is None:
                    continue
                ev = evidence[project.id]
                points = POINTS_ADDRESS if match == "address" else POINTS_DOMAIN
                if points > ev.points:
                    ev.points, ev.client = points, match
                    shown = address if match == "address" else address.rsplit("@", 1)[-1]
                    ev.reasons = [f"{'sender' if match == 'address' else 'sender domain'} {shown} is a client of "
                                  f"{project.id} (+{points:g})"]
                break

    def _keyword_signals(self, facts: MessageFacts, evidence: dict[str, _Evidence]) -> list[str]:
        """Add keyword evidence; return the projects named in the message's own text or subject."""
        places = [(ranking.fold(text), points) for text, points in (
            (facts.subject, POINTS_KEYWORD_SUBJECT), (facts.new_text, POINTS_KEYWORD_BODY),
            (facts.quoted_text, POINTS_KEYWORD_QUOTED))]
        named: list[str] = []
        for project in self.projects:
            found: dict[str, float] = {}
            for keyword, folded, pattern in self._keywords[project.id]:
                for text, points in places:
                    # The plain substring test settles most keywords, absent from most texts, at C speed.
                    if text and folded in text and pattern.search(text):
                        found[keyword] = max(found.get(keyword, 0.0), points)
            if found:
                ev = evidence[project.id]
                gained = min(MAX_KEYWORD_POINTS, sum(found.values()))
                ev.points += gained
                ev.reasons.append("keywords " + ", ".join(repr(k) for k in found) + f" (+{gained:g})")
                if max(found.values()) > POINTS_KEYWORD_QUOTED:
                    named.append(project.id)
        return named

    def _content_signals(self, facts: MessageFacts, evidence: dict[str, _Evidence]) -> None:
        query = f"{facts.subject}\n{facts.new_text}"
        scores = self._index.scores(query)
        best: dict[str, float] = {}
        section: dict[str, int] = {}  # each project's best-matching section, by its index in the sorter's documents
        for index, (owner, score) in enumerate(zip(self._owner, scores.tolist(), strict=True)):
            if score > best.get(owner, -1.0):
                best[owner], section[owner] = score, index
        top = max(best.values(), default=0.0)
        if top < MIN_CONTENT_SCORE:
            return
        for project_id, score in best.items():
            share = score / top
            if share >= 0.5:
                gained = POINTS_CONTENT * share * min(1.0, top / FULL_CONTENT_SCORE)
                evidence[project_id].points += gained
                heading = self._headings[section[project_id]]
                evidence[project_id].reasons.append(
                    f"brief of {project_id} matches the text, best in {heading!r} ({score:.1f}; +{gained:.2f})")


def _decide(evidence: dict[str, _Evidence]) -> Assignment:
    ranked = sorted(evidence.items(), key=lambda item: -item[1].points)
    if not ranked or ranked[0][1].points <= 0:
        return Assignment(None, 0.0, "no client address, keyword or brief content points to a project")
    (best_id, best), runner_up = ranked[0], (ranked[1][1].points if len(ranked) > 1 else 0.0)
    margin = best.points - runner_up
    score = round(min(0.99, best.points / (best.points + runner_up + 1.0)), 3)
    lead = f"{best.points:.2f} points" + (f", {margin:.2f} ahead of {ranked[1][0]}" if len(ranked) > 1 else "")
    reason = "; ".join(best.reasons) + f" [{lead}]"
    if best.points < MIN_POINTS:
        return Assignment(None, score, f"not confident enough (needs {MIN_POINTS:g} points): {reason}", margin=margin)
    if margin < MIN_MARGIN:
        second = ranked[1][0]
        return Assignment(None, score, f"{best_id} and {second} are equally likely (a lead of {MIN_MARGIN:g} needed): "
                                       f"{reason}", margin=margin)
    return Assignment(best_id, score, reason, best.client, margin)


def _folded_keyword(keyword: str) -> str:
    return ranking.fold(keyword.strip())


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive match; a keyword written with accents matches without."""
    folded = re.escape(_folded_keyword(keyword))
    return re.compile(rf"(?<![\w]){folded}(?![\w])")

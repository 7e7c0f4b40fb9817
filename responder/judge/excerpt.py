"""Which part of a brief answers the client, and whether it may be sent to him at all.

The section is chosen by BM25 over the brief's public sections: "(internal)" sections are never
candidates, so no ranking quirk can pick one. Whether an excerpt goes out is a separate decision
with its own reason, and it fails closed: any doubt about the project, the sender or the
message's authenticity means a reply without an excerpt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from responder.judge import ranking
from responder.judge.briefs import Section
from responder.judge.sorter import Assignment, Project
from responder.mail.authresults import AuthVerdict

MIN_PROJECT_SCORE = 0.5
MIN_SECTION_SCORE = 0.5


@dataclass(frozen=True)
class SectionChoice:
    section: Section | None
    score: float


class SectionChooser:
    """Ranks one project's public sections against a client's question."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.candidates = tuple(s for s in project.brief.public_sections if s.level > 1) or project.brief.public_sections

    @cached_property
    def _index(self) -> ranking.SectionIndex:
        # The heading says what a section is about: count it twice.
        documents = [f"{s.heading}\n{s.heading}\n{s.body}" for s in self.candidates]
        return ranking.SectionIndex(documents, self.project.language)

    @cached_property
    def _colleague_index(self) -> ranking.SectionIndex:
        documents = [f"{s.heading}\n{s.heading}\n{s.body}" for s in self.project.brief.sections]
        return ranking.SectionIndex(documents, self.project.language)

    def for_colleague(self, question: str, limit: int = 2) -> list[Section]:
        """The sections that best answer ``question``, internal ones included: for the delegate only."""
        sections = self.project.brief.sections
        return [sections[r.index] for r in self._colleague_index.rank(question)[:limit] if r.score >= MIN_SECTION_SCORE]

    def choose(self, question: str) -> SectionChoice:
        """The best-matching public section, or none when nothing in the brief matches."""
        if not self.candidates:
            return SectionChoice(None, 0.0)
        best = self._index.rank(question)[0]
        if best.score < MIN_SECTION_SCORE:
            return SectionChoice(None, best.score)
        return SectionChoice(self.candidates[best.index], best.score)


@dataclass(frozen=True)
class ExcerptDecision:
    allowed: bool
    reason: str


def may_send(
    *,
    will_reply: bool,
    assignment: Assignment,
    sender_is_client: bool,
    auth: AuthVerdict,
    section: Section | None,
    reply_to_client: bool = True,
) -> ExcerptDecision:
    """An excerpt goes only to a known client of a surely known project whose mail authenticated."""
    if not will_reply:
        return ExcerptDecision(False, "no reply is sent")
    if assignment.project is None:
        return ExcerptDecision(False, "no project")
    if assignment.score < MIN_PROJECT_SCORE:
        return ExcerptDecision(False, f"project {assignment.project} not certain enough ({assignment.score:.2f})")
    if not sender_is_client:
        return ExcerptDecision(False, f"sender is not a listed client of {assignment.project}")
    if not reply_to_client:
        return ExcerptDecision(False, f"the reply would go to a Reply-To that is not a listed client of {assignment.project}")
    if not auth.passed:
        kind = "failed" if auth.failed else "not shown"
        return ExcerptDecision(False, f"authentication {kind}: {auth.reason}")
    if section is None:
        return ExcerptDecision(False, "nothing in the brief answers the message")
    if section.internal:  # unreachable through SectionChooser; kept as the last line of defence
        return ExcerptDecision(False, "section is internal")
    return ExcerptDecision(True, f"client of {assignment.project}; section {section.heading!r}")

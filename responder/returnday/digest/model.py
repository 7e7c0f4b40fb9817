"""The digest as a value: threads to call first, their timelines, the absence at a glance.

The same value feeds every format, so the text alternative says what the HTML says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from responder.judge.briefs import Brief

if TYPE_CHECKING:


    pass



# The order of "Call first": a client about to leave beats one who was stonewalled, who beats
# one nobody answered, who beats one merely upset.
KIND_ORDER = ("at_risk", "no_information", "unanswered", "angry")
GIST_LENGTH = 180
SECTION_LENGTH = 700


@dataclass(frozen=True)
class Client:
    """Who to call: name and address from the headers, company and phone from their signature."""

    name: str
    address: str
    company: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Step:
    """One event of a thread's timeline.

    ``kind`` is asked | auto_reply | delegate | reaction | employee | colleague; ``highlight`` is the evidence
    sentence (the delegate's "no information" words) when this message carries it.
    """

    kind: str
    when: dt.datetime
    author: str
    text: str
    highlight: str = ""
    excerpt_heading: str = ""


@dataclass(frozen=True)
class Section:
    """The brief section that answers the client's question: proof it was handed over."""

    heading: str
    text: str
    sent_to_client: bool


@dataclass(frozen=True)
class ThreadView:
    """One conversation as the employee reads it."""

    id: int
    label: str
    subject: str
    project_id: str | None
    project_name: str
    client: Client
    kinds: tuple[str, ...]  # open flag kinds, most severe first; empty when nothing is flagged
    why: str
    evidence: tuple[str, ...]
    timeline: tuple[Step, ...]
    section: Section | None
    last_activity: dt.datetime
    messages: int
    awaiting: bool = False  # the client wrote last: no answer from the employee or a colleague in this mailbox
    rules: str = ""  # the cue families that recognised the "no information" statement, as stored at ingest

    @property
    def kind(self) -> str:
        """The most severe open flag kind, or '' when the thread is not flagged."""
        return self.kinds[0] if self.kinds else ""

    @property
    def flagged(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True)
class ProjectThreads:
    project_id: str | None
    name: str
    threads: tuple[ThreadView, ...]


@dataclass(frozen=True)
class Glance:
    """The absence at a glance."""

    received: int
    clients: int
    auto_replies: int
    flagged: int
    per_project: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Digest:
    employee: str
    delegate: str
    language: str
    since: dt.date
    until: dt.date
    return_date: dt.date
    glance: Glance
    call_first: tuple[ThreadView, ...]
    projects: tuple[ProjectThreads, ...]
    zone: dt.tzinfo = dt.UTC
    unanswered_checked: bool = True  # False: answers may happen out of sight, so none is called unanswered

    @property
    def threads(self) -> tuple[ThreadView, ...]:
        return self.call_first + tuple(t for p in self.projects for t in p.threads)


@dataclass(frozen=True)
class Context:
    """What the builder needs to know besides the rows: who is who, and the projects' briefs."""

    employee_name: str
    employee_addresses: frozenset[str]
    delegate_name: str
    delegate_address: str
    language: str
    zone: dt.tzinfo
    since: dt.date
    until: dt.date
    return_date: dt.date
    project_names: Mapping[str, str] = field(default_factory=dict)
    briefs: Mapping[str, Brief] = field(default_factory=dict)
    unanswered_checked: bool = True

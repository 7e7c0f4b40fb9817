"""Store rows to a :class:`Digest`: who wrote each message (as judged at ingest), the timeline,
the brief section handed over, and the order of "Call first". Pure: rows in, a value out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from responder.adapters.store import models
from responder.judge.parties import OUTSIDE_HUMANS, Role

if TYPE_CHECKING:


    pass

from responder.returnday.digest.model import (
    KIND_ORDER,
    SECTION_LENGTH,
    Client,
    Context,
    Digest,
    Glance,
    ProjectThreads,
    Section,
    Step,
    ThreadView,
)
from responder.returnday.digest.text import clip, gist, one_line, unwrap

# ---- the builder (pure) ---------------------------------------------------------------------


def build(threads: Sequence[models.Thread], replies: Mapping[int, models.OutboxItem], ctx: Context) -> Digest:
    """Store rows to a Digest: ``replies`` maps a client message's row id to the auto-reply queued for it."""
    views = [view for thread in threads if (view := _thread_view(thread, replies, ctx)) is not None]
    flagged = sorted((v for v in views if v.flagged), key=severity_key)
    per_project: dict[str | None, list[ThreadView]] = {}
    for view in sorted(views, key=lambda v: v.last_activity, reverse=True):
        per_project.setdefault(view.project_id, []).append(view)
    projects = tuple(
        ProjectThreads(pid, project_name(pid, ctx), tuple(v for v in per_project.get(pid, []) if not v.flagged))
        for pid in _project_order(per_project, ctx)
        if any(not v.flagged for v in per_project.get(pid, []))
    )
    human = [m for t in threads for m in t.messages if _in_period(m, ctx) and _is_client_message(m, ctx)]
    glance = Glance(
        received=len(human),
        clients=len({m.from_address for m in human}),
        auto_replies=sum(1 for item in replies.values() if item.state != models.OutboxState.failed),
        flagged=len(flagged),
        per_project=tuple((project_name(pid, ctx), len(per_project[pid])) for pid in _project_order(per_project, ctx)
                          if per_project.get(pid)),
    )
    return Digest(ctx.employee_name, ctx.delegate_name, ctx.language, ctx.since, ctx.until, ctx.return_date, glance,
                  tuple(flagged), projects, ctx.zone, ctx.unanswered_checked)


def severity_key(view: ThreadView) -> tuple[int, dt.datetime, int]:
    return (KIND_ORDER.index(view.kind) if view.kind in KIND_ORDER else len(KIND_ORDER), view.last_activity, view.id)


def _project_order(per_project: Mapping[str | None, Sequence[ThreadView]], ctx: Context) -> list[str | None]:
    known = [pid for pid in ctx.project_names if pid in per_project]
    return known + sorted(pid for pid in per_project if pid is not None and pid not in known) + (
        [None] if None in per_project else [])


def project_name(pid: str | None, ctx: Context) -> str:
    if pid is None:
        return ""
    return ctx.project_names.get(pid, pid)


def _in_period(message: models.Message, ctx: Context) -> bool:
    return written_at(message).astimezone(ctx.zone).date() >= ctx.since


def written_at(message: models.Message) -> dt.datetime:
    return message.delivered_at or message.date_header or message.received_at


def role_of(message: models.Message) -> Role | None:
    """Who wrote ``message``, as judged at ingest; None for a copy, a failed message, or one not judged yet."""
    facts = message.facts
    if facts is None or message.status != models.MessageStatus.processed or message.reply_reason == "copy":
        return None
    return facts.sender_role


def _is_client_message(message: models.Message, ctx: Context) -> bool:
    """Written by an outside human: a listed client or another correspondent, never a robot or the firm."""
    return role_of(message) in OUTSIDE_HUMANS


def _thread_view(thread: models.Thread, replies: Mapping[int, models.OutboxItem], ctx: Context) -> ThreadView | None:
    messages = sorted((m for m in thread.messages if m.reply_reason != "copy" and m.status == models.MessageStatus.processed),
                      key=written_at)
    if not any(_in_period(m, ctx) for m in messages):
        return None
    clients = [m for m in messages if _is_client_message(m, ctx)]
    flags = sorted((f for f in thread.flags if f.resolved_at is None),
                   key=lambda f: (KIND_ORDER.index(f.kind.value) if f.kind.value in KIND_ORDER else 9, -f.severity))
    if not clients and not flags:
        return None  # lists, newsletters, bounces, robots: nobody to call
    kinds = tuple(dict.fromkeys(f.kind.value for f in flags))
    evidence: dict[int, str] = {}
    for flag in flags:  # the most severe flag's words are the ones a message's step highlights
        if flag.evidence_text:
            evidence.setdefault(flag.message_id, flag.evidence_text)
    sentences = tuple(dict.fromkeys(f.evidence_text for f in flags if f.evidence_text))
    first = clients[0] if clients else messages[0]  # a flagged thread of internal mail: its first writer
    timeline = tuple(_steps(messages, replies, evidence, ctx))
    return ThreadView(
        id=thread.id, label=f"t{thread.id}", subject=first.subject or thread.subject, project_id=thread.project_id,
        project_name=project_name(thread.project_id, ctx), client=client_of(first, clients or [first]),
        kinds=kinds, why=_why(kinds, flags), evidence=sentences,
        timeline=timeline, section=_section(first, thread.project_id, ctx, first.id in replies),
        last_activity=written_at(messages[-1]), messages=len(messages),
        awaiting=bool(clients) and messages[-1] is clients[-1], rules=_rules(messages, flags),
    )


def _rules(messages: Sequence[models.Message], flags: Sequence[models.Flag]) -> str:
    """The cue families behind the thread's open "no information" flags, each once: why it was believed."""
    stonewalled = {f.message_id for f in flags if f.kind.value == "no_information"}
    found = (rule.strip() for m in messages if m.id in stonewalled and m.facts is not None
             for rule in m.facts.stonewall_rules.split(";"))
    return "; ".join(dict.fromkeys(rule for rule in found if rule))


def _steps(messages: Sequence[models.Message], replies: Mapping[int, models.OutboxItem], evidence: Mapping[int, str],
           ctx: Context) -> list[Step]:
    steps: list[Step] = []
    asked = False
    for message in messages:
        role = role_of(message)
        new_text = message.facts.new_text if message.facts is not None else ""
        author = message.from_name or message.from_address
        highlight = evidence.get(message.id, "")
        if role is Role.delegate:
            steps.append(Step("delegate", written_at(message), message.from_name or ctx.delegate_name,
                              gist(new_text, highlight), highlight))
        elif role is Role.employee:
            steps.append(Step("employee", written_at(message), message.from_name or ctx.employee_name, gist(new_text)))
        elif role in OUTSIDE_HUMANS:
            steps.append(Step("reaction" if asked else "asked", written_at(message), author,
                              gist(new_text, highlight, question=not asked), highlight))
            asked = True
        elif role is Role.colleague:
            steps.append(Step("colleague", written_at(message), author, gist(new_text, highlight), highlight))
        reply = replies.get(message.id)
        if reply is not None:
            assignment = message.assignment
            heading = assignment.section_heading if assignment and assignment.excerpt_allowed else None
            steps.append(Step("auto_reply", reply.sent_at or reply.created_at, ctx.employee_name, "",
                              excerpt_heading=heading or ""))
    return sorted(steps, key=lambda step: step.when)  # an auto-reply sent late (a first sync) takes its place


def _why(kinds: tuple[str, ...], flags: Sequence[models.Flag]) -> str:
    """A one-line reason code and, when there is one, the words that raised the most severe flag."""
    if not kinds:
        return ""
    for flag in flags:
        if flag.kind.value == kinds[0] and flag.evidence_text:
            return one_line(flag.evidence_text, 140)
    return ""


def _section(first: models.Message, project_id: str | None, ctx: Context, replied: bool) -> Section | None:
    assignment = first.assignment
    if project_id is None or assignment is None or not assignment.section_heading:
        return None
    brief = ctx.briefs.get(project_id)
    if brief is None:
        return None
    for section in brief.sections:
        if section.heading == assignment.section_heading and not section.internal:
            return Section(section.heading, clip(unwrap(section.body), SECTION_LENGTH),
                           sent_to_client=replied and assignment.excerpt_allowed)
    return None



def client_of(first: models.Message, messages: Sequence[models.Message]) -> Client:
    """Name and address from the first message; company and phone from the first signature holding them."""
    name = first.from_name or first.from_address
    company, phone = "", ""
    for message in messages:
        if message.facts is not None:
            company, phone = company or message.facts.contact_company, phone or message.facts.contact_phone
        if company and phone:
            break
    return Client(name, first.from_address, company, phone)

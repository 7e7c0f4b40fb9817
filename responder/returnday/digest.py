"""The returning employee's digest: what happened while she was away, and whom to call first.

A pure builder turns store rows (threads with their messages, flags and the auto-replies queued
for them) into a :class:`Digest` value; renderers turn that value into text, Markdown and an HTML
email (table layout, inline CSS, no external resources, so Gmail and Outlook show it alike).
The same value feeds every format, so the text alternative says what the HTML says.

Reading the store, queueing the digest in the outbox and deciding when it is due are the thin
functions at the end (:func:`load`, :func:`queue_due`); none of them reads the clock: ``now`` is
passed in.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from responder.adapters.store import models
from responder.judge.briefs import Brief
from responder.judge.detector import split_sentences
from responder.mail import mime
from responder.mail.contacts import contact_details

if TYPE_CHECKING:
    from email.message import EmailMessage

    from sqlalchemy.orm import Session

    from responder.adapters.store.db import Store
    from responder.compose.templates import TemplateSet
    from responder.config import Config

# The order of "Call first": a client about to leave beats one who was stonewalled, who beats
# one nobody answered, who beats one merely upset.
KIND_ORDER = ("at_risk", "no_information", "unanswered", "angry")
# Guard reasons that mean "a robot or a crowd wrote this", not a client.
ROBOT_REASONS = frozenset({"list", "bulk", "auto-submitted", "bounce", "noreply", "spam"})
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

    @property
    def own_domains(self) -> frozenset[str]:
        return frozenset(a.rsplit("@", 1)[-1] for a in (*self.employee_addresses, self.delegate_address))


# ---- the builder (pure) ---------------------------------------------------------------------


def build(threads: Sequence[models.Thread], replies: Mapping[int, models.OutboxItem], ctx: Context) -> Digest:
    """Store rows to a Digest: ``replies`` maps a client message's row id to the auto-reply queued for it."""
    views = [view for thread in threads if (view := _thread_view(thread, replies, ctx)) is not None]
    flagged = sorted((v for v in views if v.flagged), key=_severity_key)
    per_project: dict[str | None, list[ThreadView]] = {}
    for view in sorted(views, key=lambda v: v.last_activity, reverse=True):
        per_project.setdefault(view.project_id, []).append(view)
    projects = tuple(
        ProjectThreads(pid, _project_name(pid, ctx), tuple(v for v in per_project.get(pid, []) if not v.flagged))
        for pid in _project_order(per_project, ctx)
        if any(not v.flagged for v in per_project.get(pid, []))
    )
    human = [m for t in threads for m in t.messages if _in_period(m, ctx) and _is_client_message(m, ctx)]
    glance = Glance(
        received=len(human),
        clients=len({m.from_address for m in human}),
        auto_replies=sum(1 for item in replies.values() if item.state != models.OutboxState.failed),
        flagged=len(flagged),
        per_project=tuple((_project_name(pid, ctx), len(per_project[pid])) for pid in _project_order(per_project, ctx)
                          if per_project.get(pid)),
    )
    return Digest(ctx.employee_name, ctx.delegate_name, ctx.language, ctx.since, ctx.until, ctx.return_date, glance,
                  tuple(flagged), projects, ctx.zone, ctx.unanswered_checked)


def _severity_key(view: ThreadView) -> tuple[int, dt.datetime, int]:
    return (KIND_ORDER.index(view.kind) if view.kind in KIND_ORDER else len(KIND_ORDER), view.last_activity, view.id)


def _project_order(per_project: Mapping[str | None, Sequence[ThreadView]], ctx: Context) -> list[str | None]:
    known = [pid for pid in ctx.project_names if pid in per_project]
    return known + sorted(pid for pid in per_project if pid is not None and pid not in known) + (
        [None] if None in per_project else [])


def _project_name(pid: str | None, ctx: Context) -> str:
    if pid is None:
        return ""
    return ctx.project_names.get(pid, pid)


def _in_period(message: models.Message, ctx: Context) -> bool:
    when = _when(message)
    return when.astimezone(ctx.zone).date() >= ctx.since


def _when(message: models.Message) -> dt.datetime:
    return message.delivered_at or message.date_header or message.received_at


def _is_client_message(message: models.Message, ctx: Context) -> bool:
    sender = message.from_address.lower()
    if not sender or message.status != models.MessageStatus.processed or message.reply_reason == "copy":
        return False
    if sender.rsplit("@", 1)[-1] in ctx.own_domains or sender in ctx.employee_addresses:
        return False
    return message.reply_reason not in ROBOT_REASONS


def _thread_view(thread: models.Thread, replies: Mapping[int, models.OutboxItem], ctx: Context) -> ThreadView | None:
    messages = sorted((m for m in thread.messages if m.reply_reason != "copy" and m.status == models.MessageStatus.processed),
                      key=_when)
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
        project_name=_project_name(thread.project_id, ctx), client=client_of(first, clients or [first]),
        kinds=kinds, why=_why(kinds, flags), evidence=sentences,
        timeline=timeline, section=_section(first, thread.project_id, ctx, first.id in replies),
        last_activity=_when(messages[-1]), messages=len(messages),
        awaiting=bool(clients) and messages[-1] is clients[-1],
    )


@functools.lru_cache(maxsize=512)
def parsed_message(raw: bytes) -> mime.ParsedMessage:
    """A stored message parsed once for the timeline, the client's details and the report alike."""
    return mime.parse(raw)


def _steps(messages: Sequence[models.Message], replies: Mapping[int, models.OutboxItem], evidence: Mapping[int, str],
           ctx: Context) -> list[Step]:
    steps: list[Step] = []
    asked = False
    for message in messages:
        sender = message.from_address.lower()
        parsed = parsed_message(message.raw)
        highlight = evidence.get(message.id, "")
        if sender == ctx.delegate_address:
            steps.append(Step("delegate", _when(message), message.from_name or ctx.delegate_name,
                              gist(parsed.new_text, highlight), highlight))
        elif sender in ctx.employee_addresses:
            steps.append(Step("employee", _when(message), message.from_name or ctx.employee_name, gist(parsed.new_text)))
        elif _is_client_message(message, ctx):
            steps.append(Step("reaction" if asked else "asked", _when(message), message.from_name or sender,
                              gist(parsed.new_text, highlight, question=not asked), highlight))
            asked = True
        elif message.reply_reason not in ROBOT_REASONS:
            steps.append(Step("colleague", _when(message), message.from_name or sender,
                              gist(parsed.new_text, highlight), highlight))
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
            return Section(section.heading, _clip(unwrap(section.body), SECTION_LENGTH),
                           sent_to_client=replied and assignment.excerpt_allowed)
    return None


# ---- text helpers (pure) --------------------------------------------------------------------

_GREETING = re.compile(r"^(?:hello|hi|hey|dear|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|cher|chère|"
                       r"madame|monsieur)\b[^.?!\n]{0,40}[,!:]?\s*$", re.IGNORECASE)


def gist(text: str, highlight: str = "", *, question: bool = False) -> str:
    """The message in a line: the question asked, else the evidence sentence, else the first sentences."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not _GREETING.match(line.strip())]
    body = " ".join(lines)
    sentences = split_sentences(body)
    if question:
        asked = [s for s in sentences if s.endswith("?")]
        if asked:
            return _clip(" ".join(asked[:2]), GIST_LENGTH)
    if highlight and one_line(highlight, 10_000) in body:
        return _clip(one_line(highlight, 10_000), max(GIST_LENGTH, len(highlight) + 1))
    return _clip(" ".join(sentences[:2]), GIST_LENGTH)


def unwrap(markdown: str) -> str:
    """Join a brief's hard-wrapped lines, keeping list items and paragraphs apart."""
    lines: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        starts_item = bool(re.match(r"^(?:[-*+]|\d+[.)])\s", stripped))
        continues = line[:1].isspace() or not lines[-1:] or not lines[-1].endswith((".", ":", "!", "?"))
        if lines and stripped and lines[-1] and not starts_item and not stripped.startswith("#") and continues:
            lines[-1] = f"{lines[-1]} {stripped}"
        else:
            lines.append(stripped)
    return "\n".join(lines).strip()


def one_line(text: str, limit: int) -> str:
    return _clip(" ".join(text.split()), limit)


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def client_of(first: models.Message, messages: Sequence[models.Message]) -> Client:
    """Name and address from the first message; company and phone from the first signature holding them."""
    name = first.from_name or first.from_address
    company, phone = "", ""
    for message in messages:
        parsed = parsed_message(message.raw)
        found = contact_details(parsed.signature or "", name, message.from_address, language=message.language)
        company, phone = company or found.company, phone or found.phone
        if company and phone:
            break
    return Client(name, first.from_address, company, phone)


# ---- labels -----------------------------------------------------------------------------------

LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "While you were away", "manager_title": "Absence of {employee}: summary",
        "intro": "From {since} to {until}. {delegate} covered for you.",
        "glance": "At a glance", "received": "messages from clients", "clients": "clients who wrote",
        "auto_replies": "auto-replies sent", "flagged": "threads to look at first", "per_project": "threads per project",
        "no_project": "No project", "call_first": "Call first",
        "nothing_flagged": "Nothing flagged: no client was told there was no information, none is unanswered.",
        "nothing_flagged_unchecked": "Nothing flagged: no client was told there was no information.",
        "unanswered_unchecked": "Unanswered threads are not flagged: the delegate's answers that do not copy you "
                                "cannot be seen here. “no reply seen” below marks threads where the client wrote "
                                "last.",
        "awaiting": "no reply seen",
        "kinds": {"at_risk": "may leave", "no_information": "told “no information”", "unanswered": "unanswered",
                  "angry": "upset"},
        "why": {"at_risk": "The client says they may go to another supplier.",
                "no_information": "The client was told there was no information.",
                "unanswered": "Nobody has answered the client yet.", "angry": "The client is upset."},
        "next": {"at_risk": "Call them anyway, even if they say they are leaving: apologise and ask what they need.",
                 "no_information": "Apologise for the answer they got and ask what they still need; the brief "
                                   "section below holds the answer.",
                 "unanswered": "Answer them: nobody has replied yet.",
                 "angry": "Apologise and ask what they need."},
        "steps": {"asked": "Client asked", "auto_reply": "Auto-reply sent", "delegate": "The delegate wrote",
                  "reaction": "Client wrote back", "employee": "You wrote",
                  "colleague": "A colleague wrote"},
        "with_excerpt": "with the brief excerpt “{heading}”", "without_excerpt": "without a brief excerpt",
        "evidence": "Evidence", "timeline": "Timeline", "next_step": "Next step", "client": "Client",
        "phone": "phone", "project": "Project", "brief": "What the brief said (handed over before you left)",
        "sent_to_client": "Also sent to the client in the auto-reply.",
        "other_threads": "Other threads", "messages": "message(s)", "last": "last",
        "subject": "Your return: {count} threads to look at first",
        "manager_subject": "Absence of {employee}: weekly summary",
        "footer": "Written by responder from the mailbox; nothing here was sent to clients.",
    },
    "fr": {
        "title": "Pendant votre absence", "manager_title": "Absence de {employee} : résumé",
        "intro": "Du {since} au {until}. {delegate} vous a remplacée.",
        "glance": "En un coup d'œil", "received": "messages de clients", "clients": "clients qui ont écrit",
        "auto_replies": "réponses automatiques envoyées", "flagged": "fils à traiter en priorité",
        "per_project": "fils par projet", "no_project": "Sans projet", "call_first": "À appeler en premier",
        "nothing_flagged": "Rien à signaler : aucun client ne s'est entendu dire qu'il n'y avait pas "
                           "d'information, aucun n'est sans réponse.",
        "nothing_flagged_unchecked": "Rien à signaler : aucun client ne s'est entendu dire qu'il n'y avait pas "
                                     "d'information.",
        "unanswered_unchecked": "Les fils sans réponse ne sont pas signalés : les réponses du remplaçant qui ne "
                                "vous mettent pas en copie ne sont pas visibles ici. « pas de réponse vue » "
                                "ci-dessous marque les fils où le client a écrit en dernier.",
        "awaiting": "pas de réponse vue",
        "kinds": {"at_risk": "risque de départ", "no_information": "« pas d'information »", "unanswered": "sans réponse",
                  "angry": "mécontent"},
        "why": {"at_risk": "Le client dit qu'il pourrait passer chez un autre fournisseur.",
                "no_information": "On a répondu au client qu'il n'y avait pas d'information.",
                "unanswered": "Personne n'a encore répondu au client.", "angry": "Le client est mécontent."},
        "next": {"at_risk": "Appelez quand même, même s'il annonce son départ : excusez-vous et demandez ce dont "
                            "il a besoin.",
                 "no_information": "Excusez-vous pour la réponse reçue et demandez ce qu'il lui faut encore ; la "
                                   "section du brief ci-dessous contient la réponse.",
                 "unanswered": "Répondez-lui : personne ne l'a encore fait.",
                 "angry": "Excusez-vous et demandez ce dont il a besoin."},
        "steps": {"asked": "Le client a demandé", "auto_reply": "Réponse automatique envoyée",
                  "delegate": "Le remplaçant a écrit", "reaction": "Le client a répondu", "employee": "Vous avez écrit",
                  "colleague": "Un collègue a écrit"},
        "with_excerpt": "avec l'extrait du brief « {heading} »", "without_excerpt": "sans extrait du brief",
        "evidence": "Preuve", "timeline": "Chronologie", "next_step": "Prochaine étape", "client": "Client",
        "phone": "tél.", "project": "Projet", "brief": "Ce que disait le brief (transmis avant votre départ)",
        "sent_to_client": "Également envoyé au client dans la réponse automatique.",
        "other_threads": "Autres fils", "messages": "message(s)", "last": "dernier",
        "subject": "Votre retour : {count} fils à traiter en priorité",
        "manager_subject": "Absence de {employee} : résumé de la semaine",
        "footer": "Rédigé par responder à partir de la boîte mail ; rien de ceci n'a été envoyé aux clients.",
    },
}


def labels(language: str) -> dict[str, Any]:
    return LABELS.get(language, LABELS["en"])


# ---- rendering --------------------------------------------------------------------------------

KIND_COLORS = {"at_risk": "#b3261e", "no_information": "#b45309", "unanswered": "#8a6d00", "angry": "#6a1b9a",
               "": "#5f6368"}
FORMATS = ("text", "html", "markdown")


def template_variables(digest: Digest, *, summary: bool = False) -> dict[str, Any]:
    """What the digest templates receive (documented at the top of each shipped digest template)."""
    from responder.absence import MONTHS, format_date

    lang = digest.language
    months = MONTHS.get(lang, MONTHS["en"])

    def when(moment: dt.datetime) -> str:
        local = moment.astimezone(digest.zone)
        return f"{local.day} {months[local.month - 1][:3 if lang == 'en' else 4].rstrip('.')} {local:%H:%M}"

    return {"digest": digest, "t": labels(lang), "summary": summary, "date": lambda day: format_date(day, lang),
            "when": when, "colors": KIND_COLORS}


def render(digest: Digest, fmt: str, templates: TemplateSet, *, summary: bool = False) -> str:
    """The digest as text, Markdown or HTML, through the employee's templates over the shipped ones."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown digest format {fmt!r}")
    variables = template_variables(digest, summary=summary)
    if fmt == "markdown":
        name = f"digest.{digest.language}.md.j2"
        try:
            template = templates.env.get_template(name)
        except Exception:  # noqa: BLE001 - a language without Markdown template: the English one
            template = templates.env.get_template("digest.en.md.j2")
        return str(template.render(variables)).strip() + "\n"
    rendered = templates.render("digest", digest.language, None, variables)
    return (rendered.html or "") if fmt == "html" else rendered.text


def subject(digest: Digest, *, summary: bool = False) -> str:
    t = labels(digest.language)
    if summary:
        return str(t["manager_subject"]).format(employee=digest.employee)
    return str(t["subject"]).format(count=len(digest.call_first))


def compose(digest: Digest, templates: TemplateSet, *, sender: str, recipient: str, now: dt.datetime,
            summary: bool = False) -> EmailMessage:
    """The digest as an email: text first, the HTML alternative after it (what mail clients prefer)."""
    import email.utils
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = email.utils.formataddr(("responder", sender))
    message["To"] = recipient
    message["Subject"] = subject(digest, summary=summary)
    message["Date"] = email.utils.format_datetime(now)
    message["Message-ID"] = email.utils.make_msgid("digest", domain=sender.rsplit("@", 1)[-1])
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(render(digest, "text", templates, summary=summary))
    message.add_alternative(render(digest, "html", templates, summary=summary), subtype="html")
    return message


# ---- store and schedule (thin) ------------------------------------------------------------------


def context(cfg: Config, *, since: dt.date | None = None, until: dt.date) -> Context:
    """The builder's context from the configuration: names, addresses, the briefs, the period."""
    from responder.judge import briefs
    from responder.returnday import unanswered

    absence = cfg.absence
    return Context(
        employee_name=cfg.employee.name, employee_addresses=frozenset(cfg.employee.addresses),
        delegate_name=cfg.delegate.name, delegate_address=cfg.delegate.address.lower(),
        language=cfg.employee.language, zone=absence.zone, since=since or absence.start, until=until,
        return_date=absence.end + dt.timedelta(days=1),
        project_names={p.id: p.name for p in cfg.projects},
        briefs={p.id: briefs.load(p.brief) for p in cfg.projects},
        unanswered_checked=unanswered.checked(cfg),
    )


def load(session: Session, ctx: Context) -> tuple[list[models.Thread], dict[int, models.OutboxItem]]:
    """Threads active in the period, and the auto-reply queued for each client message."""
    from sqlalchemy import select

    start = dt.datetime.combine(ctx.since, dt.time(), ctx.zone)
    threads = list(session.scalars(select(models.Thread).where(models.Thread.last_activity_at >= start)
                                   .order_by(models.Thread.id)))
    ids = [t.id for t in threads]
    replies: dict[int, models.OutboxItem] = {}
    if ids:
        query = select(models.OutboxItem).where(models.OutboxItem.kind == models.OutboxKind.reply,
                                                models.OutboxItem.thread_id.in_(ids))
        replies = {item.message_id: item for item in session.scalars(query) if item.message_id is not None}
    return threads, replies


def collect(cfg: Config, store: Store, *, now: dt.datetime, since: dt.date | None = None) -> Digest:
    """Build the digest from the database as it is at ``now``, the time-based flags brought up to date first."""
    from responder.returnday import unanswered

    ctx = context(cfg, since=since, until=now.astimezone(cfg.absence.zone).date())
    with store.session() as session:
        unanswered.refresh(cfg, session, now)
        threads, replies = load(session, ctx)
        return build(threads, replies, ctx)


def digest_templates(cfg: Config) -> TemplateSet:
    from responder.compose.templates import TemplateSet

    user_dir = cfg.templates.dir if cfg.templates.dir.is_dir() else None
    return TemplateSet(user_dir, cfg.employee.language)

"""One message through the service: parse, thread, decide, sort, choose, record — in one transaction.

The pure core does the thinking; this module fetches what it needs from the store (the thread,
earlier replies) and writes down what was decided, so that a crash either keeps all of it or none.
A message that fails is recorded as failed with its error and the loop goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from responder.absence import Absence
from responder.adapters.store import facts as store_facts
from responder.adapters.store import models, queries
from responder.adapters.store.db import Store
from responder.compose.composer import ProjectInfo, choose_recipient
from responder.config import Config, ImapConfig
from responder.judge import guard
from responder.judge.excerpt import ExcerptDecision, SectionChoice, may_send
from responder.judge.facts import Facts, Judge
from responder.judge.parties import Directory
from responder.judge.sorter import Assignment, MessageFacts
from responder.mail import authresults, mime, threads
from responder.service.catalog import Catalog
from responder.service.outcome import Incoming, Outcome, duplicate_outcome, failed_outcome, fallback_message_id
from responder.service.replies import Queued, ReplyQueue
from responder.service.reply_limits import ReplyLimits
from responder.service.thread_index import ThreadIndex

__all__ = ["Catalog", "Incoming", "Outcome", "Pipeline", "fallback_message_id", "judge_for"]

log = logging.getLogger("responder.pipeline")

# What the sorter and the section choice read of a message: a question is asked in the first few
# thousand characters; a 50 KB mail with a long history costs more than it tells.
TEXT_FOR_MATCHING = 4000

# A message that fails this many times is quarantined: kept with its error, never tried again.
MAX_ATTEMPTS = 3

# Notifications from robots about one contract can still be sorted, by their content only.
AUTOMATED_REASONS = frozenset(guard.reasons(guard.Category.UNREAD))


class Pipeline:
    """Processes messages one at a time against a store; build once, call :meth:`process` per message."""

    def __init__(self, cfg: Config, store: Store, *, now: Callable[[], dt.datetime], catalog: Catalog | None = None,
                 replies: str = "queue") -> None:
        self.cfg = cfg
        self.store = store
        self.now = now
        self.catalog = catalog or Catalog.from_config(cfg)
        self.judge, self.absence = judge_for(cfg)
        self.directory = self.judge.directory
        self.own_addresses = self.directory.employee_addresses
        self.delegate = self.directory.delegate_address
        self.index = ThreadIndex(replies_since=self.absence.starts_at)
        self.limits = ReplyLimits(cfg.reply, self.index)
        self._stored: set[tuple[str, str, int, int]] | None = None  # see _may_be_stored
        self.replies = ReplyQueue(cfg, [p.brief for p in self.catalog.projects.values()], mode=replies)

    def process(self, incoming: Incoming) -> Outcome:
        """Decide about one message and record it; never raises for a bad message."""
        return self.process_batch([incoming])[0]

    def process_batch(self, batch: Sequence[Incoming]) -> list[Outcome]:
        """Decide about several messages in one transaction; a message that fails is isolated.

        One commit per batch instead of one per message is what makes a backlog fast on a disk
        database. The batch is first tried without savepoints (they cost about a tenth of the
        time); if any message fails, the whole attempt is rolled back and the batch is done again
        with one savepoint per message, so the failing one is rolled back alone and recorded as
        failed in the same transaction: the folder's watermark never passes an unrecorded message.
        """
        try:
            return self._run_batch(batch, isolated=False)
        except _MessageFailed:
            return self._run_batch(batch, isolated=True)

    def retry_failed(self, *, max_attempts: int = MAX_ATTEMPTS, limit: int = 50) -> list[Outcome]:
        """Process failed messages again from their stored bytes; quarantine one after ``max_attempts``.

        The failed record is replaced by the new outcome in one savepoint, so a crash keeps
        either the failure or the success, never neither. A quarantined message stays put
        (``status`` shows it) and is never fetched or tried again, so it cannot block the rest.
        """
        outcomes: list[Outcome] = []
        committed = False
        self._stored = None  # each retried message is looked up on its own
        try:
            with self.store.session() as session:
                self.index.load(session)
                for row in queries.messages_to_retry(session, limit):
                    outcomes.append(self._retry_one(session, row, max_attempts))
            committed = True
        finally:
            self.index.batch_done(committed)
        return outcomes

    def _retry_one(self, session: Session, row: models.Message, max_attempts: int) -> Outcome:
        incoming = Incoming(raw=row.raw, source=row.source, folder=row.folder, uidvalidity=row.uidvalidity, uid=row.uid,
                            delivered_at=row.delivered_at, label=f"{row.folder}/{row.uid}")
        try:
            with session.begin_nested():
                queries.delete_message(session, row)
                outcome = self._process(session, incoming)
            self.index.message_done(kept=True)
            log.info("retried %s: processed", incoming.label, extra={"folder": row.folder, "uid": row.uid})
            return outcome
        except Exception as exc:  # noqa: BLE001 - counted, and quarantined after a few tries
            self.index.message_done(kept=False)
            status = queries.mark_message_failed(row, f"{type(exc).__name__}: {exc}", max_attempts=max_attempts)
            level = logging.ERROR if status == models.MessageStatus.quarantined else logging.WARNING
            log.log(level, "retry %d of %s failed (%s): %s", row.attempts, incoming.label, status, exc,
                    extra={"folder": row.folder, "uid": row.uid})
            return failed_outcome(incoming, exc)

    def _run_batch(self, batch: Sequence[Incoming], *, isolated: bool) -> list[Outcome]:
        outcomes: list[Outcome] = []
        committed = False
        try:
            with self.store.session() as session:
                self.index.load(session)
                self._stored = None if isolated else _stored_uids(session, batch)
                for incoming in batch:
                    outcomes.append(self._process_isolated(session, incoming) if isolated
                                    else self._process_optimistic(session, incoming))
            committed = True
        finally:
            self.index.batch_done(committed)
        return outcomes

    def _may_be_stored(self, incoming: Incoming) -> bool:
        """False only when the batch's one look-up found no row at this UID (a batch tried in isolation asks each time)."""
        if self._stored is None:
            return True
        return (incoming.source, incoming.folder, incoming.uidvalidity, incoming.uid) in self._stored

    def _process_optimistic(self, session: Session, incoming: Incoming) -> Outcome:
        try:
            outcome = self._process(session, incoming)
        except Exception as exc:  # noqa: BLE001 - redone in isolation, where it is logged and recorded
            raise _MessageFailed from exc
        self.index.message_done(kept=True)
        return outcome

    def _process_isolated(self, session: Session, incoming: Incoming) -> Outcome:
        try:
            with session.begin_nested():
                outcome = self._process(session, incoming)
            self.index.message_done(kept=True)
            return outcome
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
            self.index.message_done(kept=False)
            log.error("failed to process %s: %s: %s", incoming.label or incoming.uid, type(exc).__name__, exc,
                      exc_info=log.isEnabledFor(logging.DEBUG), extra={"folder": incoming.folder, "uid": incoming.uid})
            with session.begin_nested():
                self._record_failure(session, incoming, exc)
            return failed_outcome(incoming, exc)

    def _process(self, session: Session, incoming: Incoming) -> Outcome:
        if incoming.uid is not None and incoming.uidvalidity is not None and self._may_be_stored(incoming):
            known = queries.find_message_by_uid(session, incoming.source, incoming.folder, incoming.uidvalidity, incoming.uid)
            if known is not None:
                return duplicate_outcome(incoming, known)
        parsed = mime.parse(incoming.raw)
        delivered = incoming.delivered_at or parsed.received_date or parsed.date
        message_id = parsed.message_id or fallback_message_id(parsed, incoming.raw)
        original_thread = self.index.thread_of_message(message_id)
        if original_thread is not None:
            return self._record_copy(session, incoming, parsed, message_id, original_thread)
        correspondents = self._correspondents(parsed)
        thread = self._thread(session, parsed, correspondents)
        sender = parsed.from_.key if parsed.from_ else ""
        already = thread is not None and self.index.already_replied(thread.id, sender)
        context = guard.GuardContext(self.own_addresses, self.delegate, self.absence, delivered, already)
        facts = self.judge.facts(parsed, context, source=incoming.source)
        if facts.decision.reply:
            facts = self.limits.check(facts, parsed, sender, delivered or self.now(), incoming.label or message_id)
        decision, robot, finding = facts.decision, facts.mass_or_robot, facts.stonewall
        if robot is not None and not guard.about_one_matter(parsed, robot):
            assignment = Assignment(None, 0.0, f"{robot} mail is not sorted into a project")
        else:  # a list post or a machine's notice about one contract is sorted, by its content alone
            assignment = self._sort(parsed, correspondents, thread,
                                    automated=robot is not None or decision.reason in AUTOMATED_REASONS)
        lang = facts.language
        choice, excerpt = self._excerpt(parsed, assignment, decision, sender, facts.auth)
        thread = self._save_thread(session, thread, parsed, message_id, correspondents, assignment, lang, delivered)
        row = self._record(session, incoming, parsed, message_id, thread, facts, assignment, choice, excerpt, lang, delivered)
        store_facts.record_facts(session, row.id, store_facts.facts_values(facts, self.now()))
        queries.raise_message_flags(session, row, facts.signals, self.now())
        reply_text, queued = None, None
        if decision.reply:
            queued = self._queue_reply(session, row, parsed, thread, lang, assignment, choice, excerpt)
            for sent_id in queued.message_ids:
                self.index.add_ours(sent_id)
            if queued.text is None:
                decision = guard.Decision(False, queued.refused)
                row.reply, row.reply_reason = False, queued.refused
            else:
                reply_text = queued.text
        log.info("%s: %s, %s", incoming.label or message_id, assignment.project or "no project",
                 "reply" if decision.reply else f"no reply ({decision.reason})",
                 extra={"folder": incoming.folder, "uid": incoming.uid, "message_id": message_id, "thread_label": f"t{thread.id}"})
        return Outcome(
            label=incoming.label, message_id=message_id, thread=f"t{thread.id}", language=lang,
            project=assignment.project, project_score=assignment.score,
            project_reason=assignment.reason,
            reply=decision.reply, reply_reason=decision.reason, excerpt=excerpt.allowed and reply_text is not None,
            excerpt_reason=excerpt.reason, section=choice.section.heading if choice.section else None,
            reply_text=reply_text, defects=parsed.defects,
            delegate_no_info=finding is not None, evidence=finding.evidence if finding else None,
            evidence_text=finding.sentence if finding else None,
            reply_message=queued.raw if queued else None,
            envelope=(self.replies.envelope_sender, queued.recipients) if queued and queued.raw else None,
            handover=bool(queued and queued.handover),
            flags=tuple(signal.kind for signal in facts.signals),
        )

    def _record_copy(self, session: Session, incoming: Incoming, parsed: mime.ParsedMessage, message_id: str,
                     thread_id: int) -> Outcome:
        """A message already seen in another folder (the delegate's Sent copy of a mail he Cc'd her,
        a copy filed in a project folder): kept, so it is not fetched again, but decided only once."""
        state = queries.get_sync_state(session, incoming.source, incoming.folder) if incoming.uid is not None else None
        row = models.Message(
            source=incoming.source, folder=incoming.folder, uidvalidity=incoming.uidvalidity, uid=incoming.uid,
            message_id=message_id, subject=parsed.subject, from_address=parsed.from_.key if parsed.from_ else "",
            delivered_at=incoming.delivered_at, received_at=self.now(), size=len(incoming.raw), raw=incoming.raw,
            status=models.MessageStatus.processed, reply_reason="copy", thread_id=thread_id,
        )
        queries.record_message(session, row, state)
        log.info("%s: copy of an earlier message, already decided", incoming.label or message_id,
                 extra={"folder": incoming.folder, "uid": incoming.uid, "message_id": message_id})
        return Outcome(label=incoming.label, message_id=message_id, thread=f"t{thread_id}", language=None, project=None,
                       project_score=0.0, project_reason="copy of an earlier message", reply=None, reply_reason="copy",
                       excerpt=False, excerpt_reason=None, section=None, duplicate=True)

    def _queue_reply(self, session: Session, row: models.Message, parsed: mime.ParsedMessage, thread: models.Thread,
                     lang: str | None, assignment: Assignment, choice: SectionChoice, excerpt: ExcerptDecision) -> Queued:
        project = self.catalog.projects.get(assignment.project) if assignment.project else None
        info = ProjectInfo(project.id, project.name) if project else None
        shown = choice.section if excerpt.allowed else None
        wanted = project is not None and self.replies.mode == "queue" and self.replies.handover_enabled
        sections = (self.catalog.choosers[project.id].for_colleague(f"{parsed.subject}\n{parsed.new_text[:TEXT_FOR_MATCHING]}")
                    if wanted and project else [])
        return self.replies.queue(session, message=row, parsed=parsed, thread=thread, language=lang, project=info,
                                  excerpt=shown, handover_sections=sections, now=self.now())

    # ---- the steps ------------------------------------------------------------------------

    def _correspondents(self, parsed: mime.ParsedMessage) -> tuple[str, ...]:
        """The outside party: the sender, or for our own side's mail, its outside recipients."""
        sender = parsed.from_.key if parsed.from_ else ""
        if sender and not self.directory.is_ours(sender):
            return (sender,)
        outside = [a.key for a in (*parsed.to, *parsed.cc) if not self.directory.is_ours(a.key)]
        return tuple(dict.fromkeys(outside)) or ((sender,) if sender else ())

    def _thread(self, session: Session, parsed: mime.ParsedMessage, correspondents: tuple[str, ...]) -> models.Thread | None:
        sender = parsed.from_.key if parsed.from_ else ""
        if threads.is_forward(parsed.subject) and sender and not self.directory.is_ours(sender):
            return None  # an outsider forwarding an older exchange starts a new conversation
        refs = threads.references_nearest_first(parsed.in_reply_to, parsed.references)
        key = threads.subject_key(parsed.subject, correspondents[0]) if correspondents else None

        def by_message(message_id: str) -> str | None:
            found = self.index.thread_of_message(message_id)
            return str(found) if found is not None else None

        def by_subject(subject_key: str) -> str | None:
            found = self.index.thread_of_subject(subject_key)
            return str(found) if found is not None else None

        link = threads.link(refs, key, by_message, by_subject)
        return None if link.thread is None else queries.get_thread(session, int(link.thread))

    def _sort(self, parsed: mime.ParsedMessage, correspondents: tuple[str, ...], thread: models.Thread | None, *,
              automated: bool) -> Assignment:
        facts = MessageFacts(
            correspondents=correspondents,
            subject=parsed.subject,
            new_text=parsed.new_text[:TEXT_FOR_MATCHING],
            quoted_text="\n".join(q.text for q in parsed.quoted)[:TEXT_FOR_MATCHING],
            automated=automated,
        )
        known = (f"t{thread.id}", thread.project_id) if thread is not None and thread.project_id else None
        return self.catalog.sorter.sort(facts, known)

    def _excerpt(self, parsed: mime.ParsedMessage, assignment: Assignment, decision: guard.Decision,
                 sender: str, auth: authresults.AuthVerdict) -> tuple[SectionChoice, ExcerptDecision]:
        if assignment.project is None:
            return SectionChoice(None, 0.0), ExcerptDecision(False, "no project")
        project = self.catalog.projects[assignment.project]
        choice = self.catalog.choosers[assignment.project].choose(f"{parsed.subject}\n{parsed.new_text[:TEXT_FOR_MATCHING]}")
        # The excerpt goes where the reply goes: a Reply-To must itself be a client of the project.
        recipient = choose_recipient(parsed)
        reply_to_client = recipient is None or recipient.key == sender or project.client_match(recipient.key) is not None
        allowed = may_send(will_reply=decision.reply, assignment=assignment,
                           sender_is_client=project.client_match(sender) is not None, auth=auth, section=choice.section,
                           reply_to_client=reply_to_client)
        return choice, allowed

    def _save_thread(self, session: Session, thread: models.Thread | None, parsed: mime.ParsedMessage, message_id: str,
                     correspondents: tuple[str, ...], assignment: Assignment, lang: str | None,
                     delivered: dt.datetime | None) -> models.Thread:
        when = delivered or self.now()
        if thread is None:
            thread = models.Thread(key=f"<{message_id}>", subject=threads.normalise_subject(parsed.subject),
                                   client_address=correspondents[0] if correspondents else None,
                                   subject_key=threads.subject_key(parsed.subject, correspondents[0]) if correspondents else None,
                                   project_id=assignment.project, language=lang,
                                   first_activity_at=when, last_activity_at=when)
            return queries.add_thread(session, thread)
        queries.touch_thread(thread, when)
        if thread.project_id is None and assignment.project is not None:
            thread.project_id = assignment.project
        if thread.language is None and lang is not None:
            thread.language = lang
        return thread

    def _record(self, session: Session, incoming: Incoming, parsed: mime.ParsedMessage, message_id: str,
                thread: models.Thread, facts: Facts, assignment: Assignment, choice: SectionChoice,
                excerpt: ExcerptDecision, lang: str | None, delivered: dt.datetime | None) -> models.Message:
        state = queries.session_sync_state(session, incoming.source, incoming.folder) if incoming.uid is not None else None
        row = models.Message(
            source=incoming.source, folder=incoming.folder, uidvalidity=incoming.uidvalidity, uid=incoming.uid,
            message_id=message_id, in_reply_to=parsed.in_reply_to[0] if parsed.in_reply_to else None,
            references=" ".join(parsed.references),
            from_address=parsed.from_.key if parsed.from_ else "", from_name=parsed.from_.name[:200] if parsed.from_ else "",
            to_addresses=", ".join(a.key for a in parsed.to), cc_addresses=", ".join(a.key for a in parsed.cc),
            subject=parsed.subject, date_header=parsed.date, delivered_at=delivered, received_at=self.now(),
            language=lang, size=len(incoming.raw), raw=incoming.raw, status=models.MessageStatus.processed,
            reply=facts.decision.reply, reply_reason=facts.decision.reason, thread_id=thread.id,
        )
        row.assignment = models.Assignment(
            project_id=assignment.project, score=assignment.score, margin=assignment.margin, reason=assignment.reason,
            section_heading=choice.section.heading if choice.section else None,
            excerpt_allowed=excerpt.allowed, excerpt_reason=excerpt.reason,
        )
        queries.record_message(session, row, state)
        new_thread = thread.key == f"<{message_id}>"
        self.index.add_message(message_id, thread.id, thread.subject_key if new_thread else None, row.from_address,
                               replied=bool(facts.decision.reply), when=delivered or self.now())
        return row

    def _record_failure(self, session: Session, incoming: Incoming, exc: Exception) -> None:
        """Keep the raw bytes and the error so ``status`` shows it and a retry needs no refetch."""
        state = queries.get_sync_state(session, incoming.source, incoming.folder) if incoming.uid is not None else None
        row = models.Message(
            source=incoming.source, folder=incoming.folder, uidvalidity=incoming.uidvalidity, uid=incoming.uid,
            message_id=fallback_message_id(None, incoming.raw), received_at=self.now(), size=len(incoming.raw),
            raw=incoming.raw, status=models.MessageStatus.failed, attempts=1, error=f"{type(exc).__name__}: {exc}",
        )
        queries.record_message(session, row, state)


def _stored_uids(session: Session, batch: Sequence[Incoming]) -> set[tuple[str, str, int, int]]:
    """The batch's IMAP keys already in the store, asked once per folder rather than once per message."""
    wanted: dict[tuple[str, str, int], list[int]] = {}
    for incoming in batch:
        if incoming.uid is not None and incoming.uidvalidity is not None:
            wanted.setdefault((incoming.source, incoming.folder, incoming.uidvalidity), []).append(incoming.uid)
    return {(*key, uid) for key, uids in wanted.items() for uid in queries.known_uids(session, *key, uids)}


def judge_for(cfg: Config) -> tuple[Judge, Absence]:
    """Who is who and the absence, from the configuration: what every judgement of a message needs."""
    directory = Directory.build(cfg.employee.addresses, cfg.delegate.address, {p.id: p.clients for p in cfg.projects})
    own = frozenset({source_name(cfg.delegate_imap)} if cfg.delegate_imap is not None else ())
    judge = Judge(directory, cfg.delegate.name, semantic=cfg.detection.semantic,
                  trusted_authserv_ids=cfg.trusted_authserv_ids, own_sources=own)
    return judge, Absence(cfg.absence.start, cfg.absence.end, cfg.absence.zone)


def source_name(cfg: ImapConfig) -> str:
    """How messages and watermarks of this mailbox are keyed in the store."""
    return f"imap://{cfg.username}@{cfg.host}"


class _MessageFailed(Exception):
    """A message failed in a batch tried without savepoints: redo the batch in isolation."""

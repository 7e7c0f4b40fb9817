"""The limits that hold an auto-reply back whatever the guard said: loops and floods impossible by construction.

A message that answers an automatic reply (ours, by its references; anyone's, by a subject such
as "Re: Auto: …") is not answered when its sender's domain had a reply within the hour: a robot that
drops every threading header and writes from a new address each time cannot start a loop, while a
client's colleague (or the client from her office instead of her personal mailbox) writing later
still gets the one reply a new correspondent is due. The same sender in the same thread is held by
the guard's own rule, whatever the time.

And two caps hold whatever else happens: replies to one sender in 24 hours, across all his
threads, and replies from the whole mailbox in one hour, both counted by the mail's delivery time
so a backlog read late is limited as it would have been live. A message held back is
"rate-limited", the guard's own reason, which ``reprocess`` reads back from the stored decision."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from responder.judge import guard
from responder.judge.facts import Facts
from responder.mail import mime, threads
from responder.service.thread_index import ThreadIndex
from responder.settings import ReplyConfig

log = logging.getLogger("responder.pipeline")

# An answer to an auto-reply from a domain answered this recently is a machine's: people take longer.
LOOP_WINDOW = dt.timedelta(hours=1)


class ReplyLimits:
    """Checks a decision to reply against the caps and the auto-reply rule, with one log line when it holds."""

    def __init__(self, cfg: ReplyConfig, index: ThreadIndex) -> None:
        self.per_sender = cfg.max_per_sender_per_day
        self.per_hour = cfg.max_per_hour
        self.index = index

    def check(self, facts: Facts, parsed: mime.ParsedMessage, sender: str, when: dt.datetime, label: str) -> Facts:
        """``facts``, or the same facts rate-limited when a limit holds the reply back."""
        answers = (self.index.answers_ours(threads.references_nearest_first(parsed.in_reply_to, parsed.references))
                   or threads.answers_auto_reply(parsed.subject))
        domain = sender.rpartition("@")[2]
        if answers and self.index.replied_to_domain(domain, when - LOOP_WINDOW):
            log.info("%s: no reply: it answers an automatic reply, and %s was answered within the hour", label, domain)
        elif self.index.replies_to(sender, when - dt.timedelta(days=1)) >= self.per_sender:
            log.warning("%s: no reply: %s already had %d replies in 24 hours (reply.max_per_sender_per_day)",
                        label, sender, self.per_sender)
        elif self.index.replies_in_hour_before(when) >= self.per_hour:
            log.warning("%s: no reply: %d replies in the last hour already (reply.max_per_hour)", label, self.per_hour)
        else:
            return facts
        return replace(facts, decision=guard.Decision(False, "rate-limited", (*facts.decision.fired, "rate-limited")))

"""Message rows with their facts judged as the pipeline judges them, for tests that build rows by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from responder.absence import Absence
from responder.adapters.store import facts as store_facts
from responder.adapters.store import models
from responder.judge import guard
from responder.judge.facts import Judge
from responder.judge.parties import Directory
from responder.mail import mime
from support.mailfactory import AUTHSERV_ID

ABSENCE = Absence(dt.date(2026, 7, 1), dt.date(2026, 7, 31), ZoneInfo("Europe/Paris"))


def judged(raw: bytes, *, employee: str, delegate: str, delegate_name: str, when: dt.datetime,
           clients: Mapping[str, Sequence[str]] | None = None, absence: Absence = ABSENCE) -> models.MessageFacts:
    """The facts row ingest would store for ``raw`` (no earlier reply in its thread)."""
    directory = Directory.build([employee], delegate, clients or {})
    context = guard.GuardContext(directory.employee_addresses, directory.delegate_address, absence, when, False)
    return store_facts.facts_row(Judge(directory, delegate_name, trusted_authserv_ids=(AUTHSERV_ID,)).facts(mime.parse(raw), context), when)

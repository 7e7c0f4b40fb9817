"""The returning employee's digest: what happened while she was away, and whom to call first.

Bottom up: ``model`` (the Digest value), ``text`` (gists of mail and briefs), ``views`` (store rows
to a Digest, pure, reading the facts judged at ingest), ``render`` (text, Markdown, HTML, the
message) and ``loading`` (the store's rows as of ``now``). When a digest is due and queueing it
once is the service's job (``service.digest_job``); the command is ``cli.commands.digest``.
"""

from __future__ import annotations

from responder.returnday.digest.loading import collect, context, load
from responder.returnday.digest.model import (
    GIST_LENGTH,
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
from responder.returnday.digest.render import (
    FORMATS,
    KIND_COLORS,
    compose,
    digest_templates,
    labels,
    render,
    subject,
    template_variables,
)
from responder.returnday.digest.text import clip, gist, one_line, unwrap
from responder.returnday.digest.views import build, client_of, project_name, role_of, severity_key, written_at

__all__ = ["Client", "Context", "Digest", "FORMATS", "GIST_LENGTH", "Glance", "KIND_COLORS", "KIND_ORDER", "ProjectThreads", "SECTION_LENGTH", "Section", "Step", "ThreadView", "build", "client_of", "clip", "collect", "compose", "context", "digest_templates", "gist", "labels", "load", "one_line", "project_name", "render", "role_of", "severity_key", "subject", "template_variables", "unwrap", "written_at"]

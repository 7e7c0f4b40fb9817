"""The ``responder`` command line: parse, call :mod:`responder.commands`, print.

Errors the user can fix (bad config, unreachable server, wrong password) print one
``error: …`` line and exit 2; anything else is a bug and exits 1 (``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from responder import __version__, logs
from responder.cli import commands
from responder.config import Config
from responder.errors import ResponderError, UserError

if TYPE_CHECKING:
    from responder.service.pipeline import Outcome

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2
log = logging.getLogger("responder.cli")

config_option = click.option(
    "--config",
    "config_path",
    envvar="RESPONDER_CONFIG",
    default="responder.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Configuration file (TOML). Also read from $RESPONDER_CONFIG. See config.example.toml.",
)


class Context:
    """Options of the top-level group, passed down to every command."""

    def __init__(self, debug: bool, log_format: str | None, log_level: str | None) -> None:
        self.debug = debug
        self.log_format = log_format
        self.log_level = log_level

    def load(self, path: str, *, service: bool = False) -> Config:
        """Load the configuration and set up logging.

        One-shot commands print their own results and log only warnings unless asked; the
        long-running service logs at the configured level.
        """
        cfg = commands.load_config(path)
        level = self.log_level or (cfg.logging.level if service else "warning")
        logs.setup(level, self.log_format or cfg.logging.format)
        return cfg


def handle_errors(func: F) -> F:
    """Turn a ResponderError into one line and exit 2; a bug into one line and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Context)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ResponderError as exc:
            if ctx is not None and ctx.debug:
                raise
            fail(str(exc), EXIT_USER if isinstance(exc, UserError) else EXIT_BUG)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if ctx is not None and ctx.debug:
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", EXIT_BUG)

    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="responder")
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logs.")
@click.option("--log-format", type=click.Choice(["text", "json"]), help="Log format (default: [logging] format, text).")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="Log level (default: [logging] level, info).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, log_format: str | None, log_level: str | None) -> None:
    """Look after an absent employee's mailbox.

    responder reads the employee's mailbox over IMAP without marking anything read, sorts each
    client message by project, answers once (RFC 3834) with the delegate's details and the part
    of the project brief that answers the question, flags threads where the delegate told a
    client he had no information, and writes a digest for the employee's return.

    \b
    Start here:
      cp config.example.toml responder.toml     # then edit it
      responder check --config responder.toml   # validate it and try both servers
      responder db upgrade --config responder.toml

    Run 'responder COMMAND --help' for each command.
    """
    ctx.obj = Context(debug, log_format, "debug" if debug else log_level)


@cli.command()
@config_option
@click.pass_obj
@handle_errors
def check(obj: Context, config_path: str) -> None:
    """Validate the configuration, then try to log in to IMAP and SMTP.

    Prints one line per part (config, imap, smtp, storage), each ok or failed with the reason.
    Nothing is read, sent or changed. Exits 0 when everything is ok, 2 otherwise.

    \b
    Example:
      RESPONDER_IMAP_PASSWORD=... responder check --config responder.toml
    """
    cfg = obj.load(config_path)
    report = commands.check(cfg)
    for line in report.lines:
        status = "ok" if line.ok else "failed"
        click.echo(f"{line.name}: {status}: {line.detail}")
    if not report.ok:
        sys.exit(EXIT_USER)


@cli.group()
def db() -> None:
    """Manage the database (SQLite by default, or PostgreSQL)."""


@db.command("upgrade")
@config_option
@click.pass_obj
@handle_errors
def db_upgrade(obj: Context, config_path: str) -> None:
    """Create the database or bring its schema to the latest version.

    The service also does this by itself when it starts; run it by hand after an upgrade of
    responder to migrate at a time of your choosing. Safe to run twice.
    """
    cfg = obj.load(config_path)
    url, applied = commands.db_upgrade(cfg)
    if applied:
        click.echo(f"storage: upgraded {url} ({', '.join(applied)})")
    else:
        click.echo(f"storage: {url} is up to date")


@cli.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message, one per line (for tools).")
@click.option("--db", "db_url", metavar="URL", help="Keep the state in this database instead of a throwaway in-memory one.")
@click.argument("messages", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
@handle_errors
def inspect(obj: Context, config_path: str, as_json: bool, db_url: str | None, messages: tuple[str, ...]) -> None:
    """Show what responder would decide for each MESSAGE file, sending nothing.

    The files are processed in the order given, as if they had arrived in that order: a
    follow-up joins the thread of an earlier file and is rate-limited by it. For each message:
    its thread, language, project (with score and reason), whether a reply would go out (or why
    not), the brief section that answers it and whether it may be sent as an excerpt.

    \b
    Examples:
      responder inspect --config responder.toml mail/*.eml
      responder inspect --config responder.toml --json mail/0001.eml | jq .project
    """
    cfg = obj.load(config_path)
    rows = commands.inspect(cfg, [Path(m) for m in messages], db_url)
    if as_json:
        for outcome in rows:
            click.echo(json.dumps(outcome.as_json(), ensure_ascii=False))
        return
    click.echo(f"{'file':<14} {'thread':<7} {'lang':<4} {'project':<14} {'reply':<22} {'excerpt':<7} section")
    for outcome in rows:
        reply = "yes" if outcome.reply else f"no ({outcome.reply_reason})" if outcome.reply is not None else "error"
        click.echo(f"{outcome.label[:14]:<14} {outcome.thread or '-':<7} {outcome.language or '-':<4} "
                   f"{(outcome.project or '-')[:14]:<14} {reply[:22]:<22} {'yes' if outcome.excerpt else 'no':<7} "
                   f"{outcome.section or '-'}")
        if outcome.error:
            click.echo(f"{'':<14} error: {outcome.error}")


@cli.command()
@config_option
@click.option("--db", "db_url", metavar="URL", help="Decide against this database's state (threads, earlier replies).")
@click.option("--raw", is_flag=True, help="Print the reply exactly as it would go on the wire (MIME encoded).")
@click.argument("message", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
@handle_errors
def preview(obj: Context, config_path: str, db_url: str | None, raw: bool, message: str) -> None:
    """Show the exact auto-reply MESSAGE would get, or why it would get none. Sends nothing.

    \b
    Example:
      responder preview --config responder.toml client-question.eml
    """
    cfg = obj.load(config_path)
    outcome = commands.preview(cfg, Path(message), db_url)
    if outcome.error:
        fail(f"{message}: {outcome.error}", EXIT_BUG)
    if not outcome.reply or outcome.reply_message is None:
        click.echo(f"no reply: {outcome.reply_reason} (project: {outcome.project or 'none'}; {outcome.project_reason})")
        return
    if raw:
        click.echo(outcome.reply_message.decode("utf-8", "replace"), nl=False)
        return
    click.echo(render_reply(outcome))


@cli.command()
@config_option
@click.option("--once", is_flag=True, help="Poll every folder once, deliver the outbox once, and exit.")
@click.option("--dry-run", is_flag=True, help="Fetch and decide, print, then forget it all: nothing is sent or recorded.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="On the first poll of a folder, start from this day instead of the absence's first day.")
@click.pass_obj
@handle_errors
def poll(obj: Context, config_path: str, once: bool, dry_run: bool, since: Any) -> None:
    """Read new mail in the watched folders, answer it, and deliver the outbox.

    Mail is never marked read. Prints one line per folder. A dry run fetches and decides exactly
    as a real poll would, prints each decision, then rolls the database back and sends nothing.

    \b
    Example:
      responder poll --config responder.toml --once --dry-run
    """
    if not once:
        fail("poll needs --once; the long-running service is 'responder run'", EXIT_USER)
    cfg = obj.load(config_path)
    report = commands.poll_once(cfg, dry_run=dry_run, since=since.date() if since else None)
    for folder in report.folders:
        if dry_run:
            for outcome in folder.outcomes:
                if outcome.duplicate:
                    continue
                decision = ("error: " + outcome.error if outcome.error else "reply" if outcome.reply
                            else f"no reply ({outcome.reply_reason})")
                click.echo(f"  {outcome.label}: {decision}; project {outcome.project or '-'}")
        sent = (f"{folder.replies_queued} replies would be sent (dry run)" if dry_run
                else f"{folder.replies_sent} replies sent")
        repaired = f", {folder.repaired} re-paired" if folder.repaired else ""
        click.echo(f"{folder.folder}: {folder.new} new, {folder.processed} processed, {folder.failed} failed{repaired}; "
                   f"{sent}")
    if report.delivery is not None and (report.delivery.retrying or report.delivery.failed):
        click.echo(f"outbox: {len(report.delivery.retrying)} to retry, {len(report.delivery.failed)} failed")


@cli.command("run")
@config_option
@click.pass_obj
@handle_errors
def run_service(obj: Context, config_path: str) -> None:
    """Run the service: watch the folders (IDLE, else polling), answer, deliver the outbox.

    Runs until SIGTERM or SIGINT, then finishes the current batch and exits 0. An unreachable
    server is retried with backoff; a configuration error stops it at once (exit 2).

    \b
    Example:
      responder run --config responder.toml
    """
    cfg = obj.load(config_path, service=True)
    commands.run(cfg)


def render_reply(outcome: "Outcome") -> str:
    """Headers, envelope and the plain-text body, readable (the wire form is quoted-printable)."""
    import email
    import email.policy

    message = email.message_from_bytes(outcome.reply_message or b"", policy=email.policy.default)
    lines = [f"{name}: {message[name]}" for name in ("From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To",
                                                     "References", "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence")
             if message[name] is not None]
    if outcome.envelope:
        sender, recipients = outcome.envelope
        lines.append(f"(envelope: MAIL FROM:<{sender}> RCPT TO:{', '.join(f'<{r}>' for r in recipients)})")
    body = message.get_body(preferencelist=("plain",))
    lines += ["", body.get_content().rstrip() if body is not None else ""]
    parts = ["excerpt: " + (outcome.section or "") if outcome.excerpt else f"no excerpt ({outcome.excerpt_reason})"]
    if message.get_body(preferencelist=("html",)) is not None:
        parts.append("an HTML alternative is attached")
    if outcome.handover:
        parts.append("the delegate also gets a handover message")
    lines += ["", "-- " + "; ".join(parts)]
    return "\n".join(lines)


EXIT_UNHEALTHY = 3


@cli.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="The same report as one JSON object.")
@click.pass_obj
@handle_errors
def status(obj: Context, config_path: str, as_json: bool) -> None:
    """Show the last successful poll per folder, messages processed, the outbox and the flags.

    Exits 3 when a folder has not been polled successfully for three poll intervals (or ever),
    so a monitoring probe or cron can alert; 0 otherwise. Quarantined messages and undelivered
    replies are listed under "needs attention".
    """
    import dataclasses
    import datetime as dt

    cfg = obj.load(config_path)
    report = commands.status(cfg, dt.datetime.now(dt.UTC))
    if as_json:
        click.echo(json.dumps({**dataclasses.asdict(report), "healthy": report.healthy}, default=str, ensure_ascii=False))
    else:
        for folder in report.folders:
            when = folder.last_success_at.astimezone().strftime("%Y-%m-%d %H:%M") if folder.last_success_at else "never"
            state = "STALE" if folder.stale else "ok"
            error = f" (last error: {folder.last_error})" if folder.last_error else ""
            click.echo(f"folder {folder.folder}: {state}, last successful poll {when}, last UID {folder.last_uid}{error}")
        click.echo("messages: " + ", ".join(f"{count} {name}" for name, count in report.messages.items()))
        click.echo("outbox: " + ", ".join(f"{count} {name}" for name, count in report.outbox.items()))
        click.echo("flags: " + (", ".join(f"{count} {name}" for name, count in report.flags.items()) or "none"))
        for problem in report.problems:
            click.echo(f"needs attention: {problem.what}: {problem.detail}")
    if not report.healthy:
        sys.exit(EXIT_UNHEALTHY)


@cli.group("flags", invoke_without_command=True)
@config_option
@click.option("--project", metavar="ID", help="Only threads of this project (its id in the configuration).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per thread, one per line (for tools).")
@click.pass_context
@handle_errors
def flags_group(ctx: click.Context, config_path: str, project: str | None, as_json: bool) -> None:
    """List the flagged threads, most severe first, each with the sentence that shows why.

    \b
    Kinds, in the order they are sorted:
      at_risk         the client says they are cancelling, leaving for another supplier,
                      escalating to management, or threatens legal action
      no_information  the delegate told the client he had no information
                      (authored: in his own mail; quoted: in the client's quote of it;
                      reported: the client says so)
      unanswered      the client's last message has had no human answer for more than
                      flags.unanswered_after_hours business hours (the auto-reply does not count)
                      and, by default, only when [delegate_imap] lets responder see the delegate's
                      answers (flags.unanswered: auto, on or off)
      angry           strong dissatisfaction in the client's own new words

    The unanswered flags are brought up to date first. Each thread is shown with its label (t12,
    as inspect prints it), project and client; mark it handled with 'responder flags resolve'.

    \b
    Examples:
      responder flags --config responder.toml
      responder flags --config responder.toml --project atlas --json | jq .kinds
      responder flags resolve --config responder.toml t12
    """
    if ctx.invoked_subcommand is not None:
        return
    import datetime as dt

    obj: Context = ctx.obj
    cfg = obj.load(config_path)
    rows = commands.flags(cfg, dt.datetime.now(dt.UTC), project)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.as_json(), ensure_ascii=False))
        return
    if not rows:
        click.echo("no open flags" + (f" in project {project}" if project else ""))
        return
    zone = cfg.absence.zone
    for row in rows:
        click.echo(f"{row.thread}  {row.project or '-'}  {row.client or '-'}  {', '.join(row.kinds)}  \"{row.subject}\"")
        for line in row.flags:
            when = line.message_date.astimezone(zone).strftime("%Y-%m-%d %H:%M") if line.message_date else "no date"
            kind = f"{line.kind} ({line.evidence})" if line.evidence else line.kind
            click.echo(f"    {kind}, {when}, {line.message_from}: \"{line.sentence}\"")


@flags_group.command("resolve")
@config_option
@click.argument("thread")
@click.pass_obj
@handle_errors
def flags_resolve(obj: Context, config_path: str, thread: str) -> None:
    """Mark the open flags of THREAD handled (THREAD as 'responder flags' prints it, e.g. t12).

    A resolved flag stays resolved for the message that raised it; a new message in the thread
    can raise a new one.

    \b
    Example:
      responder flags resolve --config responder.toml t12
    """
    import datetime as dt

    cfg = obj.load(config_path)
    count = commands.resolve_flags(cfg, thread, dt.datetime.now(dt.UTC))
    click.echo(f"{thread}: {count} flag{'s' if count != 1 else ''} resolved" if count else f"{thread}: no open flags")


@cli.group()
def templates() -> None:
    """The reply and handover templates the employee can edit ([templates] dir)."""


@templates.command("check")
@config_option
@click.pass_obj
@handle_errors
def templates_check(obj: Context, config_path: str) -> None:
    """Render every template for every project and language with sample data.

    Reports each problem as file:line: message (syntax errors, unknown variables, attempts to
    reach Python internals). Exits 2 when a template has a problem. A broken template never
    stops the service: it falls back to the shipped one and logs an error.
    """
    cfg = obj.load(config_path)
    problems = commands.templates_check(cfg)
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(EXIT_USER)
    where = cfg.templates.dir if cfg.templates.dir.is_dir() else "shipped templates only"
    click.echo(f"templates: ok ({where})")


@cli.command("digest")
@config_option
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only mail from this day on (default: the absence's first day).")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "markdown"]), default="text", show_default=True,
              help="Plain text, the HTML email, or Markdown.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the digest to FILE instead of printing it.")
@click.option("--send", is_flag=True, help="Also send it (text and HTML) to the employee through the configured SMTP server.")
@click.pass_obj
@handle_errors
def digest_command(obj: Context, config_path: str, since: Any, fmt: str, output: Path | None, send: bool) -> None:
    """The returning employee's digest: whom to call first, and why.

    At a glance (messages, clients, auto-replies, threads per project, flags), then the flagged
    threads by severity (client about to leave, told "no information", unanswered, upset), each
    with its timeline, the brief section that answered the question and a next step, then the
    other threads per project. In the employee's language (employee.language). `responder run`
    sends it by itself on the return day at digest.send_at.

    \b
    Examples:
      responder digest --config responder.toml
      responder digest --config responder.toml --format html --output digest.html
    """
    import datetime as dt

    cfg = obj.load(config_path)
    for line in commands.digest(cfg, now=dt.datetime.now(dt.UTC), since=since.date() if since else None, fmt=fmt,
                               output=output, send=send):
        click.echo(line)


@cli.command("report")
@config_option
@click.option("--thread", "thread", metavar="ID", help="Only this thread (t12 or 12), flagged or not.")
@click.option("--all", "all_flagged", is_flag=True, help="Every flagged thread (the default).")
@click.option("--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write report.md, report.html and the original messages into.")
@click.pass_obj
@handle_errors
def report_command(obj: Context, config_path: str, thread: str | None, all_flagged: bool, output: Path) -> None:
    """A factual account of flagged threads for a manager, with the original messages as .eml files.

    Per thread: what was handed over before the absence, what the client asked, what the
    delegate answered (quoted exactly), what the client wrote next, and what was done, with
    times. Writes report.md, report.html and one folder of .eml files per thread.

    \b
    Example:
      responder report --config responder.toml --all --output report/
    """
    import datetime as dt

    from responder.adapters.store import db
    from responder.returnday import report

    if thread is not None and all_flagged:
        fail("give --thread or --all, not both", EXIT_USER)
    wanted = None
    if thread is not None:
        if not re.fullmatch(r"t?\d+", thread.strip()):
            fail(f"--thread: not a thread id: {thread!r} (expected t12 or 12)", EXIT_USER)
        wanted = int(thread.strip().lstrip("t"))
    cfg = obj.load(config_path)
    store = db.open_store(db.resolve_url(cfg.storage.url, cfg.folder))
    try:
        built = report.collect(cfg, store, now=dt.datetime.now(dt.UTC), thread=wanted)
    finally:
        store.dispose()
    if wanted is not None and not built.threads:
        fail(f"--thread: no thread t{wanted} with client mail in the database", EXIT_USER)
    from responder.returnday.digest import digest_templates

    try:
        written = report.write(built, output, digest_templates(cfg))
    except OSError as exc:
        fail(f"--output: cannot write {output}: {exc.strerror}", EXIT_USER)
    emls = sum(1 for path in written if path.suffix == ".eml")
    click.echo(f"report: {len(built.threads)} threads, {emls} original messages")
    click.echo(f"report: {output / 'report.html'} (and report.md)")


@cli.command("demo")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default="demo-output", show_default=True,
              help="Folder for the sample Maildir, the database, the outbox and the digest (recreated each run).")
@click.pass_obj
@handle_errors
def demo_command(obj: Context, output: Path) -> None:
    """Run the whole job on a bundled sample mailbox: SQLite, no server needed.

    Writes the sample into a Maildir, processes it as the service would (sorting, replies,
    flags), writes the replies it would send as .eml files into an outbox folder instead of
    sending them, then writes the return-day digest (HTML and text) and prints where it all is.
    """
    from responder import logs
    from responder.cli import demo

    logs.setup(obj.log_level or "warning", obj.log_format or "text")
    result = demo.run(output)
    click.echo(f"Triage of the sample mailbox ({len(result.rows)} messages, processed as they arrived):")
    for line in demo.table(result.rows):
        click.echo("  " + line)
    replies = sum(1 for path in result.written if "-reply-" in path.name)
    click.echo("")
    click.echo(f"flagged threads (call first): {result.flagged}")
    click.echo(f"outbox (what would have been sent): {result.outbox}/ ({replies} auto-replies, "
               f"{len(result.written) - replies} other messages)")
    click.echo(f"digest (HTML):  {result.digest_html}")
    click.echo(f"digest (text):  {result.digest_text}")
    click.echo(f"database:       {result.database}")
    click.echo(f"configuration:  {result.config} (sample Maildir: {result.maildir})")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="responder")

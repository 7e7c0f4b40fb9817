"""Setting up and looking after the service: check, db upgrade, status, templates check."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

from responder.cli import commands
from responder.cli.shared import EXIT_USER, Context, config_option, handle_errors


@click.command()
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


@click.group()
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


@click.command()
@config_option
@click.option("--missing", "missing_only", is_flag=True,
              help="Only messages stored without facts (written by an older release).")
@click.option("--verbose", "-v", is_flag=True, help="List every message whose facts changed, and how.")
@click.pass_obj
@handle_errors
def reprocess(obj: Context, config_path: str, missing_only: bool, verbose: bool) -> None:
    """Judge the stored messages again from their raw bytes, after an upgrade or a rules change.

    Each message's facts (who wrote it and in what role, every reply rule that applies, its
    language and new text, the sender's company and phone, the question asked, the delegate's
    "no information" words) are derived again and written where they differ; flags the rules
    now raise are added. Nothing is sent, no reply is decided again, and threads and projects
    stay as they were. Safe to interrupt and to run again: the second run changes nothing.

    \b
    Example:
      responder reprocess --config responder.toml
    """
    import contextlib
    import datetime as dt

    cfg = obj.load(config_path)
    with contextlib.ExitStack() as stack:
        def started(total: int) -> Callable[[int], None]:
            if not sys.stderr.isatty():  # a log or a pipe gets the summary line only
                return lambda done: None
            bar = stack.enter_context(click.progressbar(length=total, label="reprocessing", file=sys.stderr))
            return bar.update

        summary = commands.reprocess(cfg, dt.datetime.now(dt.UTC), missing_only=missing_only, started=started)
    click.echo(f"reprocess: {summary.line()}")
    for change in summary.changes if verbose else summary.changes[:10]:
        click.echo(f"  changed: {change}")
    if not verbose and len(summary.changes) > 10:
        click.echo(f"  … and {len(summary.changes) - 10} more (--verbose lists them all)")


EXIT_UNHEALTHY = 3


@click.command()
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



@click.group()
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

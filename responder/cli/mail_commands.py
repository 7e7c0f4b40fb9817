"""Commands over the mail itself: inspect and preview files, poll once, run the service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from responder.cli import commands
from responder.cli.shared import EXIT_BUG, EXIT_USER, Context, config_option, fail, handle_errors

if TYPE_CHECKING:
    from responder.service.pipeline import Outcome


@click.command()
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
    its thread, language, project, whether a reply would go out (or why not), the brief section
    that answers it and whether it may be sent as an excerpt; below it, why that project (each
    signal with its points, the best brief section, the lead over the runner-up) or why none, and
    why no excerpt when a reply goes without one.

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
        if outcome.project_reason and not outcome.duplicate:
            click.echo(f"{'':<14} why: {outcome.project_reason} (score {outcome.project_score:.2f})")
        if outcome.reply and not outcome.excerpt and outcome.excerpt_reason:
            click.echo(f"{'':<14} no excerpt: {outcome.excerpt_reason}")
        if outcome.flags:
            click.echo(f"{'':<14} flags: {', '.join(outcome.flags)}")
        if outcome.error:
            click.echo(f"{'':<14} error: {outcome.error}")


@click.command()
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


@click.command()
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


@click.command("run")
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

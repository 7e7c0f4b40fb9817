"""The return day's commands: the flagged threads, the digest, the manager's report, the demo."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from responder.cli import commands
from responder.cli.shared import EXIT_USER, Context, config_option, fail, handle_errors


@click.group("flags", invoke_without_command=True)
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



@click.command("digest")
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


@click.command("report")
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

    from responder.returnday import report

    if thread is not None and all_flagged:
        fail("give --thread or --all, not both", EXIT_USER)
    wanted = None
    if thread is not None:
        if not re.fullmatch(r"t?\d+", thread.strip()):
            fail(f"--thread: not a thread id: {thread!r} (expected t12 or 12)", EXIT_USER)
        wanted = int(thread.strip().lstrip("t"))
    cfg = obj.load(config_path)
    store = commands.open_judged_store(cfg)
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


@click.command("demo")
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

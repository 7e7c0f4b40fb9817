"""The ``responder`` command line: the group, its commands, and the console-script entry point.

Each command parses its arguments, calls :mod:`responder.cli.commands` and prints; they live by
family in ``setup_commands``, ``mail_commands`` and ``returnday_commands``, and share the options
and the error handling of :mod:`responder.cli.shared`.
"""

from __future__ import annotations

import click

from responder import __version__
from responder.cli import mail_commands, returnday_commands, setup_commands
from responder.cli.shared import EXIT_BUG, EXIT_OK, EXIT_USER, Context, config_option, fail, handle_errors

__all__ = ["EXIT_BUG", "EXIT_OK", "EXIT_USER", "Context", "cli", "config_option", "fail", "handle_errors", "main"]


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


for command in (
    setup_commands.check, setup_commands.db, setup_commands.reprocess, setup_commands.status, setup_commands.templates,
    mail_commands.inspect, mail_commands.preview, mail_commands.poll, mail_commands.run_service,
    returnday_commands.flags_group, returnday_commands.digest_command, returnday_commands.report_command,
    returnday_commands.demo_command,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="responder")

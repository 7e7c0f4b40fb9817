"""Alembic, for the store: where the migrations are, the latest revision, and running one command.

Kept apart from the engine and session code in ``db`` so each reads on its own; ``db`` calls in here
and re-exports what tests and tools use (``db.head_revision``, ``db.alembic_config`` …).
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from responder.errors import StorageError


def quiet_alembic() -> None:
    """Alembic logs INFO lines on import and on every upgrade; keep them for debug runs only.

    An explicit level set on the ``alembic`` logger by the user is left alone.
    """
    alembic_log = logging.getLogger("alembic")
    if alembic_log.level == logging.NOTSET and not logging.getLogger("responder").isEnabledFor(logging.DEBUG):
        alembic_log.setLevel(logging.WARNING)


# Before importing alembic: importing it logs one "setup plugin" line per plugin.
quiet_alembic()

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.runtime.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from alembic.util import CommandError  # noqa: E402

__all__ = ["COMPARE_OPTIONS", "CommandError", "MigrationContext", "ScriptDirectory", "alembic_config", "command",
           "head_revision", "known_revisions", "migrations_folder", "quiet_alembic", "run_alembic"]

# Any constant shared by all responder processes: serialises concurrent upgrades on PostgreSQL.
_MIGRATION_LOCK = 0x7265_7370  # "resp"
# What autogenerate and the drift test compare: column types too, and CHECK constraints by
# name (an opt-in plugin since alembic 1.19.2; older versions ignore the option).
COMPARE_OPTIONS: dict[str, Any] = {
    "compare_type": True,
    "autogenerate_plugins": ["alembic.autogenerate.*", "alembic.ext.checkconstraint_byname"],
}


def head_revision() -> str:
    """The latest revision this version of responder knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise StorageError("storage: no migrations found in this installation")
    return head


def migrations_folder() -> Path:
    """The Alembic script folder: packaged in a wheel, or ``<repo>/migrations`` in a checkout."""
    package = resources.files("responder")
    packaged = package / "_migrations"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(str(package)).parent / "migrations"
    if (source / "env.py").is_file():
        return source
    raise StorageError(f"storage: migrations not found in {packaged} nor {source}: reinstall responder")


def alembic_config(connection: Connection | None = None, script_location: Path | None = None) -> Config:
    """An Alembic Config built in code; ``connection`` is handed to ``env.py`` when given."""
    cfg = Config()
    location = str(script_location or migrations_folder())
    cfg.set_main_option("script_location", location.replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def run_alembic(connection: Connection, direction: str, revision: str) -> list[str]:
    """Run one Alembic command on ``connection`` inside its transaction; list the revisions it crossed."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    cfg = alembic_config(connection)
    before = MigrationContext.configure(connection).get_current_revision()
    if direction == "upgrade":
        command.upgrade(cfg, revision)
    else:
        command.downgrade(cfg, revision)
    after = MigrationContext.configure(connection).get_current_revision()
    return _revisions_between(cfg, before, after)


def _revisions_between(cfg: Config, before: str | None, after: str | None) -> list[str]:
    """The revisions crossed going from ``before`` to ``after``, in the order they ran."""
    if before == after:
        return []
    script = ScriptDirectory.from_config(cfg)
    ids = [rev.revision for rev in script.walk_revisions("base", "heads")]
    ids.reverse()  # oldest first
    position = {rev: n for n, rev in enumerate(ids)}
    start = position[before] if before is not None else -1
    end = position[after] if after is not None else -1
    if end > start:
        return ids[start + 1 : end + 1]
    return list(reversed(ids[end + 1 : start + 1]))


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}



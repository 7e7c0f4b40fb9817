"""Facts decided at ingest: message_facts, the sorter's margin, the outbox's subject and text.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

Rows written before this revision have no facts; ``responder reprocess`` derives them from the
stored raw bytes (and fills the outbox's subject and text), and the return side treats a missing
row as "not known yet" rather than guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("employee", "delegate", "colleague", "client", "stranger", "robot")
EVIDENCE = ("authored", "quoted", "reported")


def _choice(column: str, values: Sequence[str]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=op.f(f"ck_message_facts_{column}"))


def upgrade() -> None:
    op.create_table(
        "message_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("sender_role", sa.String(length=16), nullable=False),
        sa.Column("sender_projects", sa.Text(), nullable=False),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("robot_rule", sa.String(length=32), nullable=True),
        sa.Column("guard_rules", sa.Text(), nullable=False),
        sa.Column("new_text", sa.Text(), nullable=False),
        sa.Column("contact_company", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=64), nullable=False),
        sa.Column("request", sa.Text(), nullable=True),
        sa.Column("stonewall_evidence", sa.String(length=16), nullable=True),
        sa.Column("stonewall_sentence", sa.Text(), nullable=True),
        sa.Column("stonewall_rules", sa.Text(), nullable=False),
        sa.Column("derived_at", sa.DateTime(timezone=True), nullable=False),
        _choice("sender_role", ROLES),
        _choice("stonewall_evidence", EVIDENCE),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_message_facts_message_id_messages"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_facts")),
        sa.UniqueConstraint("message_id", name=op.f("uq_message_facts_message_id")),
    )
    with op.batch_alter_table("assignments") as batch:
        batch.add_column(sa.Column("margin", sa.Float(), nullable=False, server_default="0"))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("subject", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("text", sa.Text(), nullable=False, server_default=""))
    # The defaults only filled the rows already there; the models give every new row its values.
    with op.batch_alter_table("assignments") as batch:
        batch.alter_column("margin", server_default=None)
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("subject", server_default=None)
        batch.alter_column("text", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("text")
        batch.drop_column("subject")
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("margin")
    op.drop_table("message_facts")

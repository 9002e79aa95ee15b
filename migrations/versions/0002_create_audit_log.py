"""Create the hash-chained audit log and its single chain-head row.

Revision ID: 0002_create_audit_log
Revises: 0001_create_foundation_tables
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_create_audit_log"
down_revision = "0001_create_foundation_tables"
branch_labels = None
depends_on = None


def upgrade():
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    # The head row exists from the start, so the first two writers lock it rather than race to create it.
    op.bulk_insert(head, [{"id": 1, "last_hash": "0" * 64}])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("actor_account_id", sa.Integer(), nullable=True),
        sa.Column("subject_type", sa.String(length=40), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_actor_account_id"), ["actor_account_id"], unique=False)
        batch_op.create_index("ix_audit_events_kind_occurred_at", ["kind", "occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index("ix_audit_events_kind_occurred_at")
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_account_id"))

    op.drop_table("audit_events")
    op.drop_table("audit_chain_head")

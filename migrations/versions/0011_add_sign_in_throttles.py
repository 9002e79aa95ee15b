"""Sign-in throttles by email, source address and both; server-side signed-in sessions.

Replaces the account's own failure count and lock (counted in Python, so parallel guesses were
lost) and its single session token (which could not end one session on sign-out).

Revision ID: 0011_add_sign_in_throttles
Revises: 0010_add_post_directorate
Create Date: 2026-12-01 21:50:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011_add_sign_in_throttles"
down_revision = "0010_add_post_directorate"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum("pair", "address", "account", name="scope", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("scope", "key_hash", name=op.f("uq_sign_in_throttles_scope_key_hash")),
    )
    op.create_table(
        "signed_in_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_signed_in_sessions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_in_sessions")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_signed_in_sessions_key_hash")),
    )
    with op.batch_alter_table("signed_in_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signed_in_sessions_account_id"), ["account_id"], unique=False)
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_accounts_session_token"), type_="unique")
        batch_op.drop_column("session_token")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_sign_ins")


def downgrade():
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    accounts = sa.table("accounts", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    connection = op.get_bind()
    for (account_id,) in connection.execute(sa.select(accounts.c.id)).all():
        connection.execute(
            accounts.update().where(accounts.c.id == account_id).values(session_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.alter_column("failed_sign_ins", server_default=None)
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_accounts_session_token"), ["session_token"])
    with op.batch_alter_table("signed_in_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_in_sessions_account_id"))
    op.drop_table("signed_in_sessions")
    op.drop_table("sign_in_throttles")

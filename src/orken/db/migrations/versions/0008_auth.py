"""auth: API tokens expire

Every token gets ``expires_at``; tokens made before this revision expire
``ORKEN_TOKEN_DAYS`` (90 by default) days after the upgrade. A token whose expiry is unknown
(NULL) is refused.

Revision ID: 0008_auth
Revises: 0002
"""

import os
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = '0008_auth'
down_revision = '0002'
branch_labels = None
depends_on = None


def _days() -> int:
    raw = os.environ.get("ORKEN_TOKEN_DAYS", "").strip()
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 3650 else 90


def upgrade() -> None:
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    tokens = sa.table('auth_tokens', sa.column('expires_at', sa.DateTime(timezone=True)))
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None))
               .values(expires_at=datetime.now(timezone.utc) + timedelta(days=_days())))


def downgrade() -> None:
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')

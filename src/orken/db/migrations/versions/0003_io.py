"""io: saved header mappings and import jobs

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = ("io",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "io_header_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("header_key", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_io_header_mappings")),
        sa.UniqueConstraint("entity", "header_key", name=op.f("uq_io_header_mappings_entity_header_key")),
    )
    op.create_table(
        "io_import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sheet", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_io_import_jobs")),
        sa.UniqueConstraint("token", name=op.f("uq_io_import_jobs_token")),
    )


def downgrade() -> None:
    op.drop_table("io_import_jobs")
    op.drop_table("io_header_mappings")

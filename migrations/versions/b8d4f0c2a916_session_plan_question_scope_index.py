"""practice session plan; question scope index

Revision ID: b8d4f0c2a916
Revises: f3a8c51d2e67
Create Date: 2026-12-04 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d4f0c2a916'
down_revision = 'f3a8c51d2e67'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('practice_session', sa.Column('plan', sa.JSON(), nullable=True))
    # a scope's questions in practice order read from the index alone, not the wide rows
    op.create_index(
        'ix_question_scope', 'question', ['bank_id', 'retired', 'topic_id', 'position']
    )


def downgrade():
    op.drop_index('ix_question_scope', table_name='question')
    op.drop_column('practice_session', 'plan')

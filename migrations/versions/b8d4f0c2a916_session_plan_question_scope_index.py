"""practice session plan; indexes for a scope's questions and a learner's sessions

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
    # a learner's unfinished (and latest) session without reading every session they had
    op.create_index(
        'ix_practice_session_active', 'practice_session', ['user_id', 'finished_at', 'started_at']
    )
    op.create_index('ix_practice_session_latest', 'practice_session', ['user_id', 'started_at'])
    op.drop_index('ix_practice_session_user_id', table_name='practice_session')


def downgrade():
    op.create_index('ix_practice_session_user_id', 'practice_session', ['user_id'])
    op.drop_index('ix_practice_session_latest', table_name='practice_session')
    op.drop_index('ix_practice_session_active', table_name='practice_session')
    op.drop_index('ix_question_scope', table_name='question')
    op.drop_column('practice_session', 'plan')

"""attempt index by user and question

Revision ID: 3f2b7c1d9e40
Revises: 096d0a6ead32
Create Date: 2026-11-25 10:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3f2b7c1d9e40'
down_revision = '096d0a6ead32'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index(
            'ix_attempt_user_question',
            ['user_id', 'question_id', 'created_at', 'score', 'overridden_at'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_user_question')

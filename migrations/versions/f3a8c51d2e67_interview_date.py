"""interview date, its banks and the learner's desired retention

Revision ID: f3a8c51d2e67
Revises: 74262b2adbda
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a8c51d2e67'
down_revision = '74262b2adbda'
branch_labels = None
depends_on = None


def upgrade():
    # plain ADD COLUMN (no batch copy of "user": every other table holds a foreign key to it)
    op.add_column('user', sa.Column('interview_date', sa.Date(), nullable=True))
    op.add_column('user', sa.Column('interview_bank_ids', sa.JSON(), nullable=True))
    op.add_column(
        'user',
        sa.Column('desired_retention', sa.Float(), server_default='0.9', nullable=False),
    )


def downgrade():
    op.drop_column('user', 'desired_retention')
    op.drop_column('user', 'interview_bank_ids')
    op.drop_column('user', 'interview_date')

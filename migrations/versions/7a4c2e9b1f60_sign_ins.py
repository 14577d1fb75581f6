"""sign-ins: one per browser, instead of one session token per account

Revision ID: 7a4c2e9b1f60
Revises: 5d1e0a7c3b92
Create Date: 2026-11-25 11:00:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a4c2e9b1f60'
down_revision = '5d1e0a7c3b92'
branch_labels = None
depends_on = None


def upgrade():
    # Cookies issued before this carry the account's old token, which no sign-in
    # matches: every browser logs in once more.
    op.create_table(
        'sign_in',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sign_in_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_token_hash')),
    )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_user_id'), ['user_id'], unique=False)
    # a plain DROP COLUMN (SQLite 3.35+): a batch copy of "user" would break the foreign
    # keys every other table holds to it
    op.drop_column('user', 'session_token')


def downgrade():
    op.add_column(
        'user', sa.Column('session_token', sa.String(length=64), server_default='', nullable=False)
    )
    conn = op.get_bind()
    user = sa.table('user', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    for (user_id,) in conn.execute(sa.select(user.c.id)).all():
        conn.execute(
            sa.update(user).where(user.c.id == user_id).values(session_token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_user_id'))
    op.drop_table('sign_in')

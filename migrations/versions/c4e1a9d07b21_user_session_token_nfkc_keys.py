"""user session token; NFKC username keys

Revision ID: c4e1a9d07b21
Revises: 8b7f128d259d
Create Date: 2026-11-25 06:50:00

"""
import secrets
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a9d07b21'
down_revision = '8b7f128d259d'
branch_labels = None
depends_on = None


def _nfkc_key(name):
    # the same rule as quiz.auth.identity.username_key, frozen here as of this revision
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name.strip()).casefold())


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_token', sa.String(length=64), server_default='', nullable=False)
        )

    # Every existing account gets its own token (old cookies without one sign out once),
    # and its key in the new NFKC form unless an older account already has that key:
    # such an account keeps its old key, which login still tries, so nobody is locked out.
    conn = op.get_bind()
    user = sa.table(
        'user',
        sa.column('id', sa.Integer),
        sa.column('username', sa.String),
        sa.column('username_key', sa.String),
        sa.column('session_token', sa.String),
    )
    rows = conn.execute(sa.select(user.c.id, user.c.username_key).order_by(user.c.id)).all()
    taken = {key for _, key in rows}
    for user_id, old_key in rows:
        values = {'session_token': secrets.token_urlsafe(24)}
        new_key = _nfkc_key(old_key)
        if new_key != old_key and new_key not in taken and len(new_key) <= 64:
            values['username_key'] = new_key
            taken.add(new_key)
        conn.execute(sa.update(user).where(user.c.id == user_id).values(**values))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_token')

"""The logged-in account as a request sees it (Flask-Login's ``current_user``), and
the sign-ins that session and remember cookies stand for.

Each browser that logs in gets its own sign-in: a random token in its cookies, whose
SHA-256 is kept in ``sign_in``. Every request reads the account through its sign-in with
one Core query into a plain :class:`Account` (loading the ORM ``User`` cost 0.28 ms
more, a fifth of a bare-Flask page). Logging out deletes that sign-in only; "Log out
everywhere" and a password change delete them all. The snapshot is read-only: a view
that changes the account loads its row with :func:`account_row`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_login import UserMixin, current_user
from sqlalchemy.orm import Session

from quiz.auth.identity import legacy_username_key, username_key
from quiz.database import FieldColumns, optional_database_int
from quiz.models import SignIn, User, utcnow

# A sign-in this old is deleted when its account signs in again: no cookie outlives it
# in practice (remember cookies last 30 days), and the table does not grow for ever.
SIGN_IN_KEPT = timedelta(days=365)


@dataclass(frozen=True)
class Account(UserMixin):
    id: int
    username: str
    timezone: str
    role: str
    sign_in_token: str  # this browser's, from its cookie

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"

    def get_id(self) -> str:
        return f"{self.id}:{self.sign_in_token}"


ACCOUNT_COLUMNS = FieldColumns(
    Account,
    given=("sign_in_token",),
    id=User.id,
    username=User.username,
    timezone=User.timezone,
    role=User.role,
)
_ACCOUNT = (
    sa.select(*ACCOUNT_COLUMNS)
    .join(SignIn, SignIn.user_id == User.id)
    .where(User.id == sa.bindparam("user_id"), SignIn.token_hash == sa.bindparam("token_hash"))
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_account(session: Session, session_id: str) -> Account | None:
    """The account a session or remember cookie ("<user id>:<sign-in token>") names,
    while that sign-in exists."""
    user_id, _, token = session_id.partition(":")
    account_id = optional_database_int(user_id)
    if account_id is None or not 0 < len(token) <= 128:
        return None  # a cookie from before sign-ins, or a forged one
    params = {"user_id": account_id, "token_hash": token_hash(token)}
    row = session.connection().execute(_ACCOUNT, params).first()
    return None if row is None else ACCOUNT_COLUMNS.read(row, sign_in_token=token)


def sign_in(session: Session, user: User) -> Account:
    """A new sign-in for this browser (the caller commits, then calls login_user)."""
    token = secrets.token_urlsafe(32)
    session.execute(
        sa.delete(SignIn).where(
            SignIn.user_id == user.id, SignIn.created_at < utcnow() - SIGN_IN_KEPT
        )
    )
    session.add(SignIn(user_id=user.id, token_hash=token_hash(token)))
    return Account(user.id, user.username, user.timezone, user.role, token)


def sign_out(session: Session, account: Account) -> None:
    """End this browser's sign-in: its cookies stop working wherever they were copied."""
    session.execute(sa.delete(SignIn).where(SignIn.token_hash == token_hash(account.sign_in_token)))


def sign_out_everywhere(session: Session, user_id: int) -> None:
    """End every sign-in of the account, on every device."""
    session.execute(sa.delete(SignIn).where(SignIn.user_id == user_id))


def account_row(session: Session) -> User:
    """The logged-in account's ORM row, for the views that change it."""
    user = session.get(User, current_user.id)
    if user is None:  # deleted since this request loaded it
        raise LookupError("the logged-in account no longer exists")
    return user


def find_user(session: Session, name: str) -> User | None:
    """The account for ``name``. An account whose NFKC key an older account already held
    kept its casefolded key in the migration: the name exactly as it was typed wins."""
    keys = {legacy_username_key(name), username_key(name)}
    users = {
        u.username_key: u
        for u in session.scalars(sa.select(User).where(User.username_key.in_(keys)))
    }
    return users.get(legacy_username_key(name)) or users.get(username_key(name))


def register_user(session: Session, username: str, password: str, timezone: str) -> User | None:
    """A new learner's account, committed; None when the username is taken (also by
    someone registering it a moment ago)."""
    user = User(username=username, username_key=username_key(username), timezone=timezone)
    user.set_password(password)
    taken = session.scalar(sa.select(User.id).where(User.username_key == user.username_key))
    if taken is not None:
        return None
    session.add(user)
    try:
        session.commit()
    except sa.exc.IntegrityError:  # registered by someone else a moment ago
        session.rollback()
        return None
    return user

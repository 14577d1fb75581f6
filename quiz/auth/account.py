"""The logged-in account as a request sees it: Flask-Login's ``current_user``.

Every page checks the session token against the account's row, so this read runs on
every request. One Core query of five columns into a plain object costs about 0.08 ms;
loading the ORM ``User`` (identity map, instrumented attributes) cost 0.36 ms, a
quarter of a whole bare-Flask page (bench/page_times.py). The snapshot is read-only:
a view that changes the account loads its row with :func:`account_row`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

import sqlalchemy as sa
from flask_login import UserMixin, current_user
from sqlalchemy.orm import Session

from quiz.models import User

_ACCOUNT = sa.select(User.id, User.username, User.timezone, User.role, User.session_token).where(
    User.id == sa.bindparam("user_id")
)


@dataclass(frozen=True)
class Account(UserMixin):
    id: int
    username: str
    timezone: str
    role: str
    session_token: str

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


def load_account(session: Session, session_id: str) -> Account | None:
    """The account a session or remember cookie ("<user id>:<session token>") names, if
    its token is still the account's current one."""
    user_id, _, token = session_id.partition(":")
    if not (user_id.isdigit() and len(user_id) < 10 and token):
        return None  # a cookie from before session tokens, or a forged one
    row = session.connection().execute(_ACCOUNT, {"user_id": int(user_id)}).first()
    if row is None or not row.session_token:
        return None
    if not hmac.compare_digest(row.session_token, token):
        return None
    return Account(*row)


def account_row(session: Session) -> User:
    """The logged-in account's ORM row, for the views that change it."""
    user = session.get(User, current_user.id)
    if user is None:  # deleted since this request loaded it
        raise LookupError("the logged-in account no longer exists")
    return user

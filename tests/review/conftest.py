import pytest

from quiz.extensions import db
from tests.conftest import add_learner


@pytest.fixture
def learner(app, every_kind_bank) -> int:
    """The id of a learner, "lee", with the every-kind bank to review."""
    with app.app_context():
        user = add_learner("lee")
        db.session.commit()
        return user.id

from flask import Blueprint, abort
from flask_login import current_user

from quiz.extensions import login_manager

bp = Blueprint("instructor", __name__, url_prefix="/instructor")


@bp.before_request
def instructor_required():
    """Guard every /instructor/ URL at once, so a new route cannot forget it."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_instructor:
        abort(403)
    return None

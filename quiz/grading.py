"""Which grader scores open answers in this app: the model grader when an instructor
configured one (``GRADER_*`` in the app config), else the key-point grader.

Reads the current app's config, never a request; outside an app (a script, a unit
test of a service) the model grader is off.
"""

from __future__ import annotations

from flask import current_app, has_app_context

from quiz.scoring.model_grader import GraderSettings, settings_from_config


def model_grader_settings() -> GraderSettings | None:
    """The configured model grader, or None when it is off (``GRADER_URL`` empty)."""
    if not has_app_context():
        return None
    return settings_from_config(current_app.config)

"""`flask quiz ...`: every command-line tool of the app, one module per group of commands.

``banks``: ``init``, ``import``, ``validate``; ``draft``: an article to a bank draft;
``try_answer``: ``try``, grading one answer; ``instructor``: granting the role;
``formats``: ``convert`` (GIFT, Moodle XML, Aiken, quizdown, Anki into a bank) and ``export``.
"""

from flask.cli import AppGroup

from quiz.cli.banks import import_command, init_command, validate_command
from quiz.cli.draft import draft_command
from quiz.cli.formats import convert_command, export_command
from quiz.cli.instructor import instructor_command
from quiz.cli.try_answer import try_command

quiz_cli = AppGroup("quiz", help="Question banks and database set-up.")
for command in (
    init_command,
    import_command,
    validate_command,
    try_command,
    draft_command,
    convert_command,
    export_command,
):
    quiz_cli.add_command(command)
quiz_cli.add_command(instructor_command)

"""rubric checklist corrections: corrected score, default self-ratings, summary triggers

Revision ID: 74262b2adbda
Revises: 7a4c2e9b1f60
Create Date: 2026-12-03 10:30:41.915338

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '74262b2adbda'
down_revision = '7a4c2e9b1f60'
branch_labels = None
depends_on = None

# The score progress credits an attempt (Attempt.credited_score): 1 when overridden
# ("I was right"), else its corrected checklist's score when corrected, else its score.
def credited(row):
    return (
        f"CASE WHEN {row}overridden_at IS NOT NULL THEN 1.0"
        f" ELSE COALESCE({row}corrected_score, {row}score) END"
    )


def counted(column):
    return f"CASE WHEN {column} IS NULL THEN 0 ELSE 1 END"


# An attempt is added: count it. An override or a correction (a correction may be saved
# again and again): move its credit from the old value to the new one, and count each
# correction saved so the page stamps see it. A deleted attempt has its learner's
# summary for that question recounted.
COLUMNS = (
    "(user_id, question_id, attempts, score_sum, last_at, overrides, credited_sum, corrections)"
)
SUMMARISE = f"""
    INSERT INTO attempt_summary {COLUMNS}
    SELECT user_id, question_id, count(*), sum(score), max(created_at),
           count(overridden_at), sum({credited("")}), count(corrected_at)
    FROM attempt"""
RECOUNT = f"""
    DELETE FROM attempt_summary WHERE user_id = OLD.user_id AND question_id = OLD.question_id;
    {SUMMARISE}
    WHERE user_id = OLD.user_id AND question_id = OLD.question_id
    GROUP BY user_id, question_id;"""
NEW_VALUES = f"""
    VALUES (NEW.user_id, NEW.question_id, 1, NEW.score, NEW.created_at,
            {counted("NEW.overridden_at")}, {credited("NEW.")}, {counted("NEW.corrected_at")})"""


def count_credit(distinct):
    """The UPDATE after an override or correction; ``distinct`` is the dialect's
    null-safe "differs" operator."""
    return f"""
    UPDATE attempt_summary
    SET overrides = overrides + {counted("NEW.overridden_at")} - {counted("OLD.overridden_at")},
        credited_sum = credited_sum + {credited("NEW.")} - {credited("OLD.")},
        corrections = corrections
            + CASE WHEN NEW.corrected_at {distinct} OLD.corrected_at THEN 1 ELSE 0 END
    WHERE user_id = NEW.user_id AND question_id = NEW.question_id;"""


def changed(distinct):
    return " OR ".join(
        f"NEW.{c} {distinct} OLD.{c}" for c in ("overridden_at", "corrected_score", "corrected_at")
    )


CREDIT_COLUMNS = "overridden_at, corrected_score, corrected_at"

SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER attempt_summary_after_insert AFTER INSERT ON attempt
    BEGIN
        INSERT INTO attempt_summary {COLUMNS} {NEW_VALUES}
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            attempts = attempts + 1,
            overrides = overrides + excluded.overrides,
            credited_sum = credited_sum + excluded.credited_sum,
            corrections = corrections + excluded.corrections,
            score_sum = score_sum + excluded.score_sum,
            last_at = max(last_at, excluded.last_at);
    END
    """,
    f"""
    CREATE TRIGGER attempt_summary_after_credit AFTER UPDATE OF {CREDIT_COLUMNS} ON attempt
    WHEN {changed("IS NOT")}
    BEGIN {count_credit("IS NOT")}
    END
    """,
    f"""
    CREATE TRIGGER attempt_summary_after_delete AFTER DELETE ON attempt
    BEGIN {RECOUNT}
    END
    """,
]
POSTGRESQL_TRIGGERS = [
    f"""
    CREATE OR REPLACE FUNCTION attempt_summary_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO attempt_summary {COLUMNS} {NEW_VALUES}
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            attempts = attempt_summary.attempts + 1,
            overrides = attempt_summary.overrides + EXCLUDED.overrides,
            credited_sum = attempt_summary.credited_sum + EXCLUDED.credited_sum,
            corrections = attempt_summary.corrections + EXCLUDED.corrections,
            score_sum = attempt_summary.score_sum + EXCLUDED.score_sum,
            last_at = GREATEST(attempt_summary.last_at, EXCLUDED.last_at);
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION attempt_summary_recount() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {RECOUNT}
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION attempt_summary_credit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {count_credit("IS DISTINCT FROM")}
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE TRIGGER attempt_summary_after_credit AFTER UPDATE OF {CREDIT_COLUMNS} ON attempt
    FOR EACH ROW WHEN ({changed("IS DISTINCT FROM")})
    EXECUTE FUNCTION attempt_summary_credit()
    """,
]

# What 5d1e0a7c3b92 made, for the downgrade (attempts had no corrections then).
OLD_COLUMNS = "(user_id, question_id, attempts, score_sum, last_at, overrides, credited_sum)"
OLD_SUMMARISE = f"""
    INSERT INTO attempt_summary {OLD_COLUMNS}
    SELECT user_id, question_id, count(*), sum(score), max(created_at),
           count(overridden_at), sum(CASE WHEN overridden_at IS NULL THEN score ELSE 1.0 END)
    FROM attempt"""
OLD_RECOUNT = f"""
    DELETE FROM attempt_summary WHERE user_id = OLD.user_id AND question_id = OLD.question_id;
    {OLD_SUMMARISE}
    WHERE user_id = OLD.user_id AND question_id = OLD.question_id
    GROUP BY user_id, question_id;"""
OLD_COUNT_OVERRIDE = """
    UPDATE attempt_summary
    SET overrides = overrides + 1, credited_sum = credited_sum + 1.0 - NEW.score
    WHERE user_id = NEW.user_id AND question_id = NEW.question_id;"""
OLD_NEW_VALUES = """
    VALUES (NEW.user_id, NEW.question_id, 1, NEW.score, NEW.created_at,
            CASE WHEN NEW.overridden_at IS NULL THEN 0 ELSE 1 END,
            CASE WHEN NEW.overridden_at IS NULL THEN NEW.score ELSE 1.0 END)"""
OLD_SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER attempt_summary_after_insert AFTER INSERT ON attempt
    BEGIN
        INSERT INTO attempt_summary {OLD_COLUMNS} {OLD_NEW_VALUES}
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            attempts = attempts + 1,
            overrides = overrides + excluded.overrides,
            credited_sum = credited_sum + excluded.credited_sum,
            score_sum = score_sum + excluded.score_sum,
            last_at = max(last_at, excluded.last_at);
    END
    """,
    f"""
    CREATE TRIGGER attempt_summary_after_override AFTER UPDATE OF overridden_at ON attempt
    WHEN OLD.overridden_at IS NULL AND NEW.overridden_at IS NOT NULL
    BEGIN {OLD_COUNT_OVERRIDE}
    END
    """,
    f"""
    CREATE TRIGGER attempt_summary_after_delete AFTER DELETE ON attempt
    BEGIN {OLD_RECOUNT}
    END
    """,
]
OLD_POSTGRESQL_TRIGGERS = [
    f"""
    CREATE OR REPLACE FUNCTION attempt_summary_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO attempt_summary {OLD_COLUMNS} {OLD_NEW_VALUES}
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            attempts = attempt_summary.attempts + 1,
            overrides = attempt_summary.overrides + EXCLUDED.overrides,
            credited_sum = attempt_summary.credited_sum + EXCLUDED.credited_sum,
            score_sum = attempt_summary.score_sum + EXCLUDED.score_sum,
            last_at = GREATEST(attempt_summary.last_at, EXCLUDED.last_at);
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION attempt_summary_recount() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {OLD_RECOUNT}
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION attempt_summary_override() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {OLD_COUNT_OVERRIDE}
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER attempt_summary_after_override AFTER UPDATE OF overridden_at ON attempt
    FOR EACH ROW WHEN (OLD.overridden_at IS NULL AND NEW.overridden_at IS NOT NULL)
    EXECUTE FUNCTION attempt_summary_override()
    """,
]


def upgrade():
    dialect = op.get_bind().dialect.name
    # the old triggers go first: they know nothing of corrections
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER attempt_summary_after_override ON attempt")
        op.execute("DROP FUNCTION attempt_summary_override()")
    else:
        for name in ("insert", "override", "delete"):
            op.execute(f"DROP TRIGGER attempt_summary_after_{name}")
    # plain ADD COLUMNs: a batch that copied the table would lose its triggers
    op.add_column('attempt', sa.Column('corrected_checklist', sa.JSON(), nullable=True))
    op.add_column('attempt', sa.Column('corrected_score', sa.Float(), nullable=True))
    op.add_column('attempt', sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        'attempt',
        sa.Column('rated_by_default', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        'attempt_summary',
        sa.Column('corrections', sa.Integer(), server_default='0', nullable=False),
    )
    # no attempt is corrected yet: every summary row's credit stands as it is
    for statement in POSTGRESQL_TRIGGERS if dialect == 'postgresql' else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER attempt_summary_after_credit ON attempt")
        op.execute("DROP FUNCTION attempt_summary_credit()")
    else:
        for name in ("insert", "credit", "delete"):
            op.execute(f"DROP TRIGGER attempt_summary_after_{name}")
    # plain DROP COLUMNs (SQLite 3.35+): copying attempt in a batch trips the foreign keys
    # of the rows that refer to it
    op.drop_column('attempt_summary', 'corrections')
    for column in ('rated_by_default', 'corrected_at', 'corrected_score', 'corrected_checklist'):
        op.drop_column('attempt', column)
    # corrected credit is gone with its columns: recount every summary as it was
    op.execute("DELETE FROM attempt_summary")
    op.execute(OLD_SUMMARISE + " GROUP BY user_id, question_id")
    for statement in OLD_POSTGRESQL_TRIGGERS if dialect == 'postgresql' else OLD_SQLITE_TRIGGERS:
        op.execute(statement)

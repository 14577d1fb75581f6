"""attempt summary per learner and question, kept by triggers

Revision ID: 5d1e0a7c3b92
Revises: 3f2b7c1d9e40
Create Date: 2026-11-25 10:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e0a7c3b92'
down_revision = '3f2b7c1d9e40'
branch_labels = None
depends_on = None

# An attempt is added: count it. An "I was right" override (set once, never cleared):
# count it. Attempts are never re-scored or moved; a deleted one has its learner's
# summary for that question recounted.
COLUMNS = "(user_id, question_id, attempts, score_sum, last_at, overrides, credited_sum)"
# attempt rows summarised: the backfill, and the recount after a delete
SUMMARISE = f"""
    INSERT INTO attempt_summary {COLUMNS}
    SELECT user_id, question_id, count(*), sum(score), max(created_at),
           count(overridden_at), sum(CASE WHEN overridden_at IS NULL THEN score ELSE 1.0 END)
    FROM attempt"""
RECOUNT = f"""
    DELETE FROM attempt_summary WHERE user_id = OLD.user_id AND question_id = OLD.question_id;
    {SUMMARISE}
    WHERE user_id = OLD.user_id AND question_id = OLD.question_id
    GROUP BY user_id, question_id;"""
COUNT_OVERRIDE = """
    UPDATE attempt_summary
    SET overrides = overrides + 1, credited_sum = credited_sum + 1.0 - NEW.score
    WHERE user_id = NEW.user_id AND question_id = NEW.question_id;"""
NEW_VALUES = """
    VALUES (NEW.user_id, NEW.question_id, 1, NEW.score, NEW.created_at,
            CASE WHEN NEW.overridden_at IS NULL THEN 0 ELSE 1 END,
            CASE WHEN NEW.overridden_at IS NULL THEN NEW.score ELSE 1.0 END)"""

SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER attempt_summary_after_insert AFTER INSERT ON attempt
    BEGIN
        INSERT INTO attempt_summary {COLUMNS} {NEW_VALUES}
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
    BEGIN {COUNT_OVERRIDE}
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
    CREATE FUNCTION attempt_summary_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO attempt_summary {COLUMNS} {NEW_VALUES}
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
    CREATE FUNCTION attempt_summary_recount() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {RECOUNT}
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION attempt_summary_override() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {COUNT_OVERRIDE}
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER attempt_summary_after_insert AFTER INSERT ON attempt
    FOR EACH ROW EXECUTE FUNCTION attempt_summary_add()
    """,
    """
    CREATE TRIGGER attempt_summary_after_override AFTER UPDATE OF overridden_at ON attempt
    FOR EACH ROW WHEN (OLD.overridden_at IS NULL AND NEW.overridden_at IS NOT NULL)
    EXECUTE FUNCTION attempt_summary_override()
    """,
    """
    CREATE TRIGGER attempt_summary_after_delete AFTER DELETE ON attempt
    FOR EACH ROW EXECUTE FUNCTION attempt_summary_recount()
    """,
]


def upgrade():
    op.create_table(
        'attempt_summary',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('score_sum', sa.Float(), nullable=False),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('overrides', sa.Integer(), nullable=False),
        sa.Column('credited_sum', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_attempt_summary_question_id_question')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_attempt_summary_user_id_user')),
        sa.PrimaryKeyConstraint('user_id', 'question_id', name=op.f('pk_attempt_summary')),
    )
    op.execute(SUMMARISE + " GROUP BY user_id, question_id")
    dialect = op.get_bind().dialect.name
    for statement in POSTGRESQL_TRIGGERS if dialect == 'postgresql' else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    op.execute("DROP TRIGGER attempt_summary_after_insert" + (" ON attempt" if dialect == 'postgresql' else ""))
    op.execute("DROP TRIGGER attempt_summary_after_delete" + (" ON attempt" if dialect == 'postgresql' else ""))
    op.execute("DROP TRIGGER attempt_summary_after_override" + (" ON attempt" if dialect == 'postgresql' else ""))
    if dialect == 'postgresql':
        op.execute("DROP FUNCTION attempt_summary_add()")
        op.execute("DROP FUNCTION attempt_summary_override()")
        op.execute("DROP FUNCTION attempt_summary_recount()")
    op.drop_table('attempt_summary')

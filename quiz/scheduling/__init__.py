"""When a learner should see a question again, in plain Python (no Flask, no SQLAlchemy).

``schedule``: FSRS cards, ratings, recall probability, mastery, lapses and streaks;
``days``: days in the learner's time zone (activity per day, UTC offsets).
"""

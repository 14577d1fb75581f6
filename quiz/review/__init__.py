"""The review loop's logic: fsrs cards per learner, topic mastery, the queue, dashboard data."""

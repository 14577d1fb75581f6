"""Rows are read into dataclasses by column name (quiz.database.FieldColumns): every
mapped dataclass's fields are exactly its statement's labelled columns plus the fields
the caller gives, and reordering a select's columns changes nothing."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from datetime import datetime

import pytest
import sqlalchemy as sa

import quiz
from quiz.database import FieldColumns


def every_field_columns() -> list[FieldColumns]:
    for module in pkgutil.walk_packages(quiz.__path__, "quiz."):
        importlib.import_module(module.name)
    return list(FieldColumns.every)


def test_every_mapped_dataclass_is_covered_field_by_field():
    mappings = every_field_columns()
    assert len({m.cls for m in mappings}) >= 10  # the statements of every hot page
    for mapping in mappings:
        fields = {f.name for f in dataclasses.fields(mapping.cls)}
        labelled = set(mapping.names)
        assert not labelled & mapping.given, mapping.cls
        assert labelled | mapping.given == fields, mapping.cls
        assert len(set(mapping.labels)) == len(mapping.labels)


def test_labels_of_dataclasses_read_in_one_row_never_collide():
    from quiz.practice.serving import QUESTION_VIEW_COLUMNS, SHOWN_COLUMNS
    from quiz.practice.sessions import SESSION_VIEW_COLUMNS

    labels = [*SESSION_VIEW_COLUMNS.labels, *SHOWN_COLUMNS.labels, *QUESTION_VIEW_COLUMNS.labels]
    assert len(labels) == len(set(labels))


@dataclasses.dataclass(frozen=True)
class Pair:
    left: int
    right: str
    when: datetime | None


def test_a_row_is_read_by_name_whatever_the_order_of_its_columns():
    columns = FieldColumns(
        Pair,
        prefix="p_",
        given=("when",),
        left=sa.literal(1),
        right=sa.literal("x"),
    )
    FieldColumns.every.remove(columns)  # a test mapping, not the app's
    engine = sa.create_engine("sqlite://")
    with engine.connect() as connection:
        forwards = connection.execute(sa.select(*columns)).one()
        backwards = connection.execute(sa.select(*reversed(columns.columns))).one()
    assert columns.read(forwards, when=None) == Pair(1, "x", None)
    assert columns.read(backwards, when=None) == Pair(1, "x", None)
    assert not columns.is_null(forwards)
    with pytest.raises(TypeError):
        columns.read(forwards)  # a given field left out is an error, not a default

"""Username and password rules (plain Python, no app)."""

import pytest

from quiz.auth.identity import (
    common_passwords,
    password_problem,
    username_key,
    username_problem,
)


@pytest.mark.parametrize(
    ("name", "key"), [("Admin", "admin"), ("ａｄｍｉｎ", "admin"), ("ＡＤＭＩＮ", "admin")]
)
def test_keys_are_nfkc_and_casefolded(name, key):
    assert username_key(name) == key


@pytest.mark.parametrize("name", ["alice", "Jo.Doe_2-x", "josé", "иван", "δημήτρης", "山田太郎"])
def test_names_of_one_script_are_accepted(name):
    assert username_problem(name) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("аdmin", "Use letters of one alphabet only (this name mixes Cyrillic and Latin)"),
        ("pаypal", "Use letters of one alphabet only"),
        ("admın", "“ı” looks like a plain letter but is not one"),
        ("ab", "Use 3 to 64 characters."),
        ("a b c", "Use only letters, digits, '.', '_' or '-'."),
        ("admin!", "Use only letters, digits, '.', '_' or '-'."),
        ("ﬃ" * 30, "Use 3 to 64 characters."),
    ],
)
def test_confusable_or_malformed_names_get_a_clear_message(name, message):
    assert message in username_problem(name)


def test_the_common_password_list_is_large_and_shipped():
    passwords = common_passwords()
    assert len(passwords) >= 10_000
    assert {"password", "12345678", "qwerty"} <= passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "Use at least 8 characters."),
        ("x" * 1025, "Use at most 1024 characters."),
        ("password", "one of the most common"),
        ("12345678", "one of the most common"),
        ("Alice1234", "cannot be your username"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    assert message in password_problem(password, "alice1234")


def test_good_passwords_pass():
    assert password_problem("correct horse battery", "alice") is None
    assert password_problem("x" * 1024, "alice") is None

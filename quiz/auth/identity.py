"""Who may be who: username normalisation and script rules, password rules. No Flask here."""

from __future__ import annotations

import gzip
import threading
import unicodedata
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

# Password hashing (scrypt, ~0.1 s of one core) runs outside the GIL, so in a threaded
# worker the other requests go on meanwhile; at most this many hashes run at once per
# process, so a wave of logins cannot take every core from the learners answering.
MAX_CONCURRENT_HASHES = 1
_HASHING = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)

# Long passphrases are welcome; the cap only stops absurd inputs. Nothing is truncated.
PASSWORD_MIN, PASSWORD_MAX = 8, 1024
USERNAME_MIN, USERNAME_MAX = 3, 64
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")
USERNAME_PUNCTUATION = frozenset("._-")
# Latin letters drawn like a plain a-z letter (Unicode confusables): "admın" is not "admin".
LATIN_LOOKALIKES = frozenset("ıȷɑɡɩɪʟɴʀʏᴀᴄᴅᴇᴊᴋᴍᴏᴘᴛᴜᴠᴡᴢꜱ")
# Japanese mixes these three by design; any other mix of scripts is refused.
SCRIPT_FAMILIES = {"HIRAGANA": "JAPANESE", "KATAKANA": "JAPANESE", "CJK": "JAPANESE"}


def username_key(name: str) -> str:
    """The form accounts are compared in: full-width "ａｄｍｉｎ" and "Admin" are "admin"."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name.strip()).casefold())


def legacy_username_key(name: str) -> str:
    """The key accounts registered before NFKC keys were stored under (casefold only)."""
    return name.strip().casefold()


def _script(char: str) -> str | None:
    """The Unicode script a letter or digit is written in, by its name's first word;
    None for characters every script shares (ASCII digits, '.', '_', '-')."""
    if char.isascii() and not char.isalpha():
        return None
    first_word = unicodedata.name(char, "UNKNOWN").split()[0]
    return SCRIPT_FAMILIES.get(first_word, first_word)


def username_problem(name: str) -> str | None:
    """Why ``name`` cannot be a username, or None when it can."""
    key = username_key(name)
    if not USERNAME_MIN <= len(key) <= USERNAME_MAX:
        return f"Use {USERNAME_MIN} to {USERNAME_MAX} characters."
    scripts = set()
    for char in key:
        category = unicodedata.category(char)
        if char in USERNAME_PUNCTUATION or category == "Nd" or category[0] in "LM":
            if category[0] != "M":  # combining marks belong to the letter before them
                scripts.add(_script(char))
        else:
            return "Use only letters, digits, '.', '_' or '-'."
        if char in LATIN_LOOKALIKES:
            return (
                f"“{char}” looks like a plain letter but is not one; please use the plain letter."
            )
    scripts.discard(None)
    if len(scripts) > 1:
        return (
            "Use letters of one alphabet only (this name mixes "
            + " and ".join(sorted(s.title() for s in scripts))
            + "), so it cannot pass for someone else's."
        )
    return None


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, username: str) -> str | None:
    """Why ``password`` is too weak for ``username``'s account, or None when it is fine."""
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    if username and username_key(password) == username_key(username):
        return "Your password cannot be your username."
    if password.strip().lower() in common_passwords():
        return "This password is one of the most common ones; choose a less guessable one."
    return None


def hash_password(password: str) -> str:
    with _HASHING:
        return generate_password_hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    with _HASHING:
        return check_password_hash(password_hash, password)


@cache
def _dummy_hash() -> str:
    return hash_password("not the password of any account")


def spend_password_check_time(password: str) -> None:
    """Check a throwaway hash, so an unknown username answers as slowly as a wrong password."""
    password_matches(_dummy_hash(), password)

"""Passwords a guesser tries first are refused, in every layout a library PC has."""

import importlib.util
from pathlib import Path

import pytest

from lms.people.guessable import is_guessable, is_keyboard_walk, known_passwords
from lms.people.passwords import learner_secret_problem, staff_password_problem

# The weak staff passwords that were accepted before, and their kin.
GUESSABLE = (
    "1q2w3e4r5t6y",      # down and up the keyboard
    "библиотека",        # a local word
    "gramota2026",       # the product's name and a year
    "Пароль12345",       # «пароль» and digits
    "йцукенгшщзх",       # "qwertyuiop[" in the Russian layout
    "gfhjkm1955",        # «пароль» typed in the English layout
    "ПарольПароль",      # a word twice
    "vfhbyf-1960",       # «марина» typed in the English layout
    "!QAZ2wsx3edc",      # columns of the keyboard, with Shift
    "Сәлем2024",         # Kazakh «hello» and a year
    "Gjkbyf1955",        # «Полина» in the English layout, a birth year
    "poiuytrewq",        # the top row backwards
)
FINE = ("Ласточка-весной-7", "tortoise-ink-42", "Kitapkhana-Ainur", "zfqwhx7!Lp",
        "Ромашка на лугу 7")


@pytest.mark.parametrize("password", GUESSABLE)
def test_guessable_passwords_are_refused(password):
    assert is_guessable(password) or is_keyboard_walk(password.lower())
    assert staff_password_problem(password) is not None


@pytest.mark.parametrize("password", FINE)
def test_passwords_nobody_guesses_first_are_taken(password):
    assert not is_guessable(password)
    assert staff_password_problem(password) is None
    assert learner_secret_problem(password) is None


def test_the_list_is_the_head_of_the_locked_zxcvbn_list():
    """make password-list writes it; after an upgrade of zxcvbn this says to run it."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    script = Path(__file__).parents[2] / "tools" / "common_passwords.py"
    spec = importlib.util.spec_from_file_location("common_passwords", script)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    TARGET, common_passwords, header = tool.TARGET, tool.common_passwords, tool.header
    assert TARGET.read_text(encoding="utf-8").startswith(header()), "run make password-list"
    head = FREQUENCY_LISTS["passwords"][:10_000]
    assert common_passwords() == head and len(set(head)) == 10_000
    assert set(head) <= known_passwords()
    assert {"пароль", "құпиясөз", "бібліотека"} <= known_passwords()


def test_a_learners_word_password_is_checked_as_a_staff_one(client, learner):
    assert learner_secret_problem("gfhjkm12") is not None  # «пароль12»
    assert learner_secret_problem("Ласточка-1") is not None
    assert learner_secret_problem("Мой кот Барсик и я") is None

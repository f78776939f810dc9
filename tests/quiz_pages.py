"""Taking a quiz through its pages, as a browser does (the quiz tests, and the tests of
what follows a quiz: grades sent to a platform)."""

from __future__ import annotations

import re

from helpers import csrf_from, text_of

from lms.content.question_types.base import Mask
from lms.db import db
from lms.quizzes.models import QuizAttempt
from lms.state import catalogue

DEVICE = "/quizzes/first-steps/device-quiz"
FINAL = "/quizzes/first-steps/final"
RIGHT = {0: {"answer": "q0o0"}, 1: {"answer": ["q1o0", "q1o1"]}, 2: {"answer": "q2o1"}}
WRONG = {0: {"answer": "q0o1"}, 1: {"answer": ["q1o2"]}, 2: {"answer": "q2o0"}}


def token(client) -> str:
    return csrf_from(text_of(client.get("/")))


def start(client, quiz=DEVICE) -> str:
    response = client.post(f"{quiz}/start", data={"csrf_token": token(client)})
    assert response.status_code == 302
    return response.headers["Location"]  # …/attempts/<id>/<number>


def attempt_url(location: str) -> str:
    return location.rsplit("/", 1)[0]


def as_the_page_numbers(url: str, number: int, fields: dict) -> dict:
    """``fields`` written with the author's numbers ("q0o0": the first option in the file)
    as this attempt's page numbers them (Mask), as a browser would send them."""
    slug, attempt_id = re.search(r"/first-steps/([\w-]+)/attempts/(\d+)", url).groups()
    question = catalogue().get("first-steps").quizzes[slug].questions[number - 1]
    mask = Mask(db.session.get(QuizAttempt, int(attempt_id)).seed, number - 1,
                len(question.data))

    def number(value: str) -> str:  # a number beyond the question, as tampered, stays
        return str(mask.shown(int(value))) if int(value) < len(question.data) else value

    def shown(text: str) -> str:
        return re.sub(r"^(q\d+[os])(\d+)$", lambda m: m[1] + number(m[2]), text)

    page = {}
    for name, value in fields.items():
        if re.fullmatch(r"q\d+m\d+", name):
            value = number(value) if value.isascii() and value.isdigit() else value
        elif isinstance(value, list):
            value = [shown(v) for v in value]
        elif name == "answer":
            value = shown(value)
        page[shown(name)] = value
    return page


def answer(client, url: str, number: int, fields: dict):
    return client.post(f"{url}/{number}", data={"csrf_token": token(client),
                                                **as_the_page_numbers(url, number, fields)})


def take(client, answers: dict, quiz=DEVICE) -> str:
    url = attempt_url(start(client, quiz))
    for index, fields in answers.items():
        assert answer(client, url, index + 1, fields).status_code == 302
    finished = client.post(f"{url}/finish", data={"csrf_token": token(client)})
    finished.get_data()
    finished.close()  # as a server ends the answer (what waits for it then runs)
    return url

"""The region's learners for bench/load.py: each one signed in (a session from
LOAD_SESSIONS), reading for 10–30 s between pages.

Run by ``bench/load.py region``; by hand:
``locust -f bench/locustfile.py --headless -u 3000 -r 100 -t 120s --host http://…``.
"""

import itertools
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, task


def _lines(variable: str) -> list[str]:
    return [line for line in Path(os.environ[variable]).read_text().splitlines() if line]


SESSIONS = itertools.cycle([line.split("\t", 1) for line in _lines("LOAD_SESSIONS")])
LESSONS = _lines("LOAD_LESSONS")
BUTTONS = _lines("LOAD_BUTTONS")  # lessons without a quiz: a "Lesson done" button


class Learner(FastHttpUser):
    wait_time = between(10, 30)  # reading the page

    def on_start(self):
        cookie, self.token = next(SESSIONS)  # one learner of the region per user
        self.headers = {"Cookie": cookie}

    @task(70)
    def lesson(self):
        self.client.get(random.choice(LESSONS), headers=self.headers, name="lesson")

    @task(15)
    def course(self):
        path = random.choice(LESSONS).rsplit("/", 2)[0] + "/"
        self.client.get(path, headers=self.headers, name="course")

    @task(10)
    def my_courses(self):
        self.client.get("/me/", headers=self.headers, name="my courses")

    @task(5)
    def lesson_done(self):
        with self.client.post(f"{random.choice(BUTTONS)}done", data={"csrf_token": self.token},
                              headers=self.headers, name="lesson done", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")

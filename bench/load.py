"""Load on a real server: gunicorn with gunicorn.conf.py, driven by wrk on 127.0.0.1.

    .venv/bin/python bench/load.py lesson   [--seconds 8]    # SQLite, 2 workers
    .venv/bin/python bench/load.py pages    [--seconds 4]    # SQLite, 2 workers
    .venv/bin/python bench/load.py region   [--seconds 60]   # PostgreSQL, 4 workers
    .venv/bin/python bench/load.py ceiling  [--seconds 10]   # SQLite, writers at once

Needs wrk (``apt-get install -y wrk``), gunicorn and locust (in the dev extra). Each run makes a
fresh database (a temporary SQLite file, or ``gramota_load`` on 127.0.0.1), creates the
learners, signs each one in through the login form (their session cookies and form
tokens are what wrk sends), starts gunicorn, and prints Markdown for docs/benchmarks.md.

- lesson: a lesson page for 20 concurrent clients (signed-in learners, then visitors,
  asking for it plain and compressed),
  against a bare Flask route returning the same bytes under the same gunicorn, in the
  same run; then the memory of each worker.
- pages: every learner page type (catalogue, course, lesson, my courses, a quiz's first
  page) as a visitor and signed in, and the API's progress of a learner with a token,
  against the bare route returning a lesson's bytes and one returning the API's JSON,
  interleaved, and the memory of each worker.
- region: 150 branches × 20 learners (3,000 signed in), each reading for 10–30 s between
  pages, 5% of requests pressing "Lesson done": error rate and p95 (locust, which paces
  each learner; wrk would send every learner's first page in the same instant).
- ceiling: 1 … 128 learners pressing "Lesson done" on random lessons with no pause:
  when does the wait pass 1 s on SQLite?
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from lms import create_app  # noqa: E402
from lms.db import db  # noqa: E402
from lms.people.branches import get_or_create_library, get_or_create_network  # noqa: E402
from lms.people.models import Role  # noqa: E402
from lms.people.services import create_user  # noqa: E402
from lms.state import catalogue  # noqa: E402

LESSON = "/courses/safe-internet/phone-fraud/"
PASSWORD = "246810"
SECRET = "bench-secret"  # the same in every worker, so one sign-in serves them all
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
TOKEN_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SCRIPTS = Path(__file__).resolve().parent / "wrk"


# --- the content, the database and the people --------------------------------------------

PRACTICE_COURSES, PRACTICE_LESSONS = "abcd", 50


def content_folder(folder: str) -> dict:
    """The real courses, plus four practice courses of 50 short lessons without a quiz:
    every real lesson ends with one, and the writers need a "Lesson done" button to press
    (the same write as passing a lesson's quiz: the enrollment, the lesson, the counts)."""
    courses = Path(folder) / "courses"
    courses.mkdir()
    for course in (ROOT / "courses").iterdir():
        if course.is_dir():
            (courses / course.name).symlink_to(course)
    for letter in PRACTICE_COURSES:
        practice = courses / f"practice-{letter}"
        practice.mkdir()
        (practice / "index.ru.md").write_text(
            f"---\ntitle: Упражнения {letter}\nsummary: Короткие упражнения.\n"
            "audience: learner\nhours: 1\norder: 99\n---\n\nКороткие упражнения.\n",
            encoding="utf-8")
        for n in range(1, PRACTICE_LESSONS + 1):
            name = chr(ord("a") + n // 26) + chr(ord("a") + n % 26)
            (practice / f"{n:02d}-step-{name}.ru.md").write_text(
                f"---\ntitle: Упражнение {n}\nminutes: 2\n---\n\nПрочитайте и нажмите "
                "кнопку внизу.\n", encoding="utf-8")
    return {"LMS_COURSES_DIR": str(courses), "LMS_QUIZZES_DIR": str(ROOT / "quizzes")}


def fresh_database(kind: str, folder: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder}/load.sqlite3"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS gramota_load WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE gramota_load"))
    admin.dispose()
    return f"{PG_SERVER}/gramota_load"


def populate(url: str, content: dict, branches: int,
             per_branch: int) -> tuple[list[str], list[str], list[str]]:
    """Create the schema and the learners; return their usernames, every lesson, and the
    lessons that end with a "Lesson done" button (no quiz)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                      "LMS_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "LMS_LOG_REQUESTS": False, **content})
    from flask_migrate import upgrade

    from lms.db import MIGRATIONS_DIR

    usernames = []
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        network = get_or_create_network("load", "Сеть для нагрузки")
        for b in range(branches):
            library = get_or_create_library(network, f"b{b:03d}", f"Библиотека № {b:03d}")
            for i in range(per_branch):
                username = f"l{b:03d}x{i:02d}"
                create_user(username, f"Слушатель {b}-{i}", Role.LEARNER, PASSWORD,
                            library=library)
                usernames.append(username)
            db.session.commit()
        lessons = [(f"/courses/{course.slug}/{lesson.slug}/", lesson.quiz is None)
                   for course in catalogue().courses.values() if course.audience == "learner"
                   for lesson in course.lessons]
        db.engine.dispose()
    return (usernames, [path for path, _button in lessons],
            [path for path, button in lessons if button])


def sign_in(port: int, username: str, password: str = PASSWORD) -> tuple[str, str]:
    """Sign in through the form; return the session cookie and the form token."""
    def call(method, path, body=None, cookie=""):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read().decode()
        cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k == "Set-Cookie"]
        connection.close()
        return response.status, data, "; ".join(cookies) or cookie

    _status, page, cookie = call("GET", "/login")
    token = TOKEN_RE.search(page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                   "password": password})
    status, _page, cookie = call("POST", "/login", body, cookie)
    assert status == 302, (username, status)
    # the first page after signing in may send the session again: keep it, as a browser does
    status, page, cookie = call("GET", "/me/", cookie=cookie)
    assert status == 200, (username, status, cookie)
    return cookie, TOKEN_RE.search(page).group(1)


def sign_everyone_in(port: int, usernames: list[str], folder: str) -> Path:
    with ThreadPoolExecutor(8) as pool:
        sessions = list(pool.map(lambda name: sign_in(port, name), usernames))
    path = Path(folder) / "sessions.txt"
    path.write_text("".join(f"{cookie}\t{token}\n" for cookie, token in sessions))
    return path


# --- the server ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app: str, env: dict, workers: int, threads: int, *extra: str):
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", str(threads), "--max-requests", "0", *extra, app]
    log = os.environ.get("LOAD_SERVER_LOG")  # the server's JSON lines, to look into
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env},
                              stdout=subprocess.DEVNULL,
                              stderr=open(log, "a") if log else subprocess.DEVNULL)  # noqa: SIM115
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        server.port = port
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


def worker_memory(master: int) -> str:
    """Each worker of the gunicorn ``master``: resident (RSS), proportional share of the
    pages shared with the master and the other workers (PSS), and its own (USS)."""
    lines = []
    for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                              text=True).stdout.split():
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        kb = {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
        lines.append(f"RSS {kb['Rss'] / 1024:.0f} MB, PSS {kb['Pss'] / 1024:.0f} MB, own "
                     f"{(kb['Private_Clean'] + kb['Private_Dirty']) / 1024:.0f} MB")
    return "; ".join(sorted(lines))


def workers_cpu(master: int) -> float:
    """CPU seconds (user and system) the workers of the gunicorn ``master`` have used."""
    ticks = 0
    for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                              text=True).stdout.split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime and stime
    return ticks / os.sysconf("SC_CLK_TCK")


def app_env(url: str, content: dict) -> dict:
    return {**content, "DATABASE_URL": url, "FLASK_SECRET_KEY": SECRET,
            "LMS_LOGIN_RATE_LIMIT": "1000000 per minute",
            "LMS_LOGIN_USERNAME_LIMIT": "1000000 per minute"}


def wrk(port: int, path: str, seconds: int, connections: int, script: str,
        **variables) -> dict:
    """Run wrk with one of bench/wrk/*.lua; return its JSON summary."""
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
               "-s", str(SCRIPTS / script), f"http://127.0.0.1:{port}{path}"]
    env = {**os.environ, "LOAD_LIB": str(SCRIPTS / "common.lua"),
           **{f"LOAD_{k.upper()}": str(v) for k, v in variables.items()}}
    run = subprocess.run(command, env=env, capture_output=True, text=True,
                         timeout=seconds + 120)
    if "{" not in run.stdout:
        raise RuntimeError(f"wrk gave no summary: {run.stdout}\n{run.stderr}")
    return json.loads(run.stdout[run.stdout.index("{"):run.stdout.rindex("}") + 1])


# --- the three runs -----------------------------------------------------------------------

ROUNDS = 5  # the routes take turns, so that a busy moment of the machine hits them all


def lesson_run(seconds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url, content = fresh_database("sqlite", folder), content_folder(folder)
        usernames, _lessons, _buttons = populate(url, content, 1, 20)
        env = app_env(url, content)
        with gunicorn("wsgi:app", env, 2, 4) as server:
            sessions = sign_everyone_in(server.port, usernames, folder)
            page = Path(folder) / "page.html"
            cookie = sessions.read_text().split("\t", 1)[0]
            connection = http.client.HTTPConnection("127.0.0.1", server.port)
            connection.request("GET", LESSON, headers={"Cookie": cookie})
            page.write_bytes(connection.getresponse().read())
            with gunicorn("bench.bare:app", {"BARE_PAGE": str(page)}, 2, 4) as bare:
                routes = {
                    "bare": (bare.port, "/", {}),
                    # the cheapest response through Gramota's hooks: a file kept in memory
                    "hooks": (server.port, "/lms-static/gramota.css", {}),
                    "visitor": (server.port, LESSON, {}),
                    "packed": (server.port, LESSON, {"encoding": "br, gzip"}),
                    "learner": (server.port, LESSON, {"sessions": sessions}),
                }
                runs = {name: [] for name in routes}
                for _round in range(ROUNDS):
                    for name, (port, path, variables) in routes.items():
                        runs[name].append(wrk(port, path, seconds, 20, "pages.lua",
                                              **variables))
            memory = worker_memory(server.pid)
        size = page_size(page)
    results = {name: {key: statistics.median(r[key] for r in found)
                      for key in ("rps", "p50", "p99", "errors")}
               for name, found in runs.items()}
    bare = results["bare"]
    print(f"Lesson page `{LESSON}` ({size}), 20 connections; the five routes take turns, "
          f"{ROUNDS} rounds of {seconds} s each, medians of the rounds; gunicorn 2 workers × "
          "4 threads, SQLite:\n")
    print("| route | requests/s | p50 | p99 | errors | vs bare (throughput) | vs bare (p50) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, label in (("bare", "bare Flask route, same bytes"),
                        ("hooks", "Gramota's stylesheet (every hook, no template)"),
                        ("visitor", "lesson page, visitor"),
                        ("packed", "lesson page, visitor, compressed (br)"),
                        ("learner", "lesson page, signed-in learner")):
        r = results[name]
        print(f"| {label} | {r['rps']:.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms "
              f"| {r['errors']:.0f} | {bare['rps'] / r['rps']:.2f}× "
              f"| {r['p50'] / bare['p50']:.2f}× |")
    spread = {name: f"{min(r['rps'] for r in found):.0f}–{max(r['rps'] for r in found):.0f}"
              for name, found in runs.items()}
    print(f"\nRequests/s, lowest–highest round: {spread}.")
    print(f"\nMemory of each worker after the run: {memory}.")


# Every learner page type, and the API's progress of one learner. A question's address
# belongs to one learner's attempt: each session asks for its own (start_attempts).
QUIZ = "/quizzes/safe-internet/phishing-quiz/"
PAGE_TYPES = {"catalogue": "/", "course": "/courses/safe-internet/", "lesson": LESSON,
              "my courses": "/me/", "quiz": QUIZ}


def start_attempts(port: int, sessions: Path, folder: str) -> Path:
    """Start the quiz for every signed-in session; write each one's first question's
    address, line by line as the sessions."""
    questions = []
    for line in sessions.read_text().splitlines():
        cookie, token = line.split("\t")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", f"{QUIZ}start", body=f"csrf_token={token}", headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 302, answer.status
        questions.append(urllib.parse.urlsplit(answer.getheader("Location")).path)
        connection.close()
    path = Path(folder) / "questions.txt"
    path.write_text("".join(f"{question}\n" for question in questions))
    return path


def api_token(url: str, content: dict) -> tuple[str, int]:
    """A coordinator's API token, and a learner whose progress it reads."""
    from lms.api.services import issue_token
    from lms.people.models import Network, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                      "LMS_LOG_REQUESTS": False, **content})
    with app.app_context():
        network = db.session.scalar(db.select(Network).filter_by(code="load"))
        boss = create_user("coordinator", "Координатор", Role.COORDINATOR,
                           secrets.token_urlsafe(12), network=network)
        db.session.flush()
        token = issue_token(boss, "bench")
        learner = db.session.scalar(db.select(User.id).filter_by(role=Role.LEARNER)
                                    .order_by(User.id))
        db.session.commit()
        db.engine.dispose()
    return token, learner


def pages_run(seconds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url, content = fresh_database("sqlite", folder), content_folder(folder)
        usernames, _lessons, _buttons = populate(url, content, 1, 20)
        token, learner = api_token(url, content)
        api = f"/api/v1/learners/{learner}/progress"
        env = app_env(url, content)
        with gunicorn("wsgi:app", env, 2, 4) as server:
            sessions = sign_everyone_in(server.port, usernames, folder)
            questions = start_attempts(server.port, sessions, folder)
            cookie = sessions.read_text().split("\t", 1)[0]
            page, json_page = Path(folder) / "page.html", Path(folder) / "page.json"
            page.write_bytes(fetch(server.port, LESSON, {"Cookie": cookie}))
            json_page.write_bytes(fetch(server.port, api, {"Authorization": f"Bearer {token}"}))
            bare_env = {"BARE_PAGE": str(page), "BARE_JSON": str(json_page)}
            with gunicorn("bench.bare:app", bare_env, 2, 4) as bare:
                routes = {"bare page": (bare.port, "/", {}),
                          "bare JSON": (bare.port, "/json", {})}
                for name, path in PAGE_TYPES.items():
                    if name != "my courses":
                        routes[f"{name}, visitor"] = (server.port, path, {})
                    routes[f"{name}, signed in"] = (server.port, path, {"sessions": sessions})
                routes["quiz question, signed in"] = (
                    server.port, QUIZ, {"sessions": sessions, "paths": questions})
                routes["API: a learner's progress"] = (server.port, api, {"token": token})
                runs = {name: [] for name in routes}
                load = [os.getloadavg()[0]]
                for _round in range(ROUNDS):
                    for name, (port, path, variables) in routes.items():
                        master = bare.pid if port == bare.port else server.pid
                        before = workers_cpu(master)
                        result = wrk(port, path, seconds, 20, "pages.lua", **variables)
                        result["cpu_us"] = ((workers_cpu(master) - before) * 1e6
                                            / max(result["requests"], 1))
                        runs[name].append(result)
                    load.append(os.getloadavg()[0])
            memory = worker_memory(server.pid)
    rps = {name: statistics.median(r["rps"] for r in found) for name, found in runs.items()}
    cpu = {name: statistics.median(r["cpu_us"] for r in found) for name, found in runs.items()}
    print(f"Every learner page type and the API, 20 connections, {ROUNDS} rounds of {seconds} s "
          f"taking turns, medians; gunicorn 2 workers × 4 threads, SQLite; load average "
          f"(1 min) {min(load):.1f}–{max(load):.1f} during the run. CPU per request: the "
          f"workers' user and system time from /proc over the requests served:\n")
    print("| route | requests/s | CPU per request | CPU vs its bare route |")
    print("|---|---:|---:|---:|")
    for name in rps:
        bare = "bare JSON" if name.startswith(("API", "bare JSON")) else "bare page"
        print(f"| {name} | {rps[name]:.0f} | {cpu[name]:.0f} µs | {cpu[name] / cpu[bare]:.1f}× |")
    print(f"\nMemory of each worker after the run: {memory}.")


def fetch(port: int, path: str, headers: dict) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    assert response.status == 200, (path, response.status)
    return data


def lines(folder: str, name: str, values: list[str]) -> Path:
    path = Path(folder) / f"{name}.txt"
    path.write_text("\n".join(values) + "\n")
    return path


def page_size(path: Path) -> str:
    return f"{path.stat().st_size / 1024:.1f} KB"


def region_run(seconds: int) -> None:
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(65536, limit[1]), limit[1]))
    with tempfile.TemporaryDirectory() as folder:
        url, content = fresh_database("postgresql", folder), content_folder(folder)
        usernames, lessons, buttons = populate(url, content, 150, 20)
        env = app_env(url, content)
        with gunicorn("wsgi:app", env, 4, 4, "--keep-alive", "75") as server:
            started = time.perf_counter()
            sessions = sign_everyone_in(server.port, usernames, folder)
            signing_in = time.perf_counter() - started
            stats = locust(server.port, len(usernames), seconds, folder, LOAD_SESSIONS=sessions,
                           LOAD_LESSONS=lines(folder, "lessons", lessons),
                           LOAD_BUTTONS=lines(folder, "buttons", buttons))
            memory = worker_memory(server.pid)
    print(f"Region: 150 branches × 20 learners = {len(usernames):,} learners signed in, each "
          f"reading 10–30 s between pages (locust, started at 100 a second); counted for "
          f"{seconds} s once all had started; PostgreSQL; gunicorn 4 workers × 4 threads. "
          f"Signing all of them in first took {signing_in:.0f} s.\n")
    print("| requests | requests/s | p50 | p95 | p99 | failures | error rate |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in stats:
        count, failures = int(row["Request Count"]), int(row["Failure Count"])
        print(f"| {row['Name'].replace('Aggregated', '**all**')} ({count:,}) "
              f"| {float(row['Requests/s']):.1f} | {row['50%']} ms | {row['95%']} ms "
              f"| {row['99%']} ms | {failures} | {100 * failures / max(count, 1):.2f}% |")
    print(f"\nMemory of each worker after the run: {memory}.")


def locust(port: int, users: int, seconds: int, folder: str, **env) -> list[dict]:
    """Run bench/locustfile.py headless; return its statistics per kind of request."""
    import csv

    prefix = Path(folder) / "locust"
    ramp = users / 100
    command = [str(Path(sys.executable).parent / "locust"), "-f",
               str(Path(__file__).parent / "locustfile.py"), "--headless", "-u", str(users),
               "-r", "100", "-t", f"{int(ramp + seconds)}s", "--reset-stats",
               "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
               "--loglevel", "WARNING"]
    subprocess.run(command, env={**os.environ, **{k: str(v) for k, v in env.items()}},
                   capture_output=True, timeout=ramp + seconds + 120, check=False)
    with open(f"{prefix}_stats.csv", newline="") as file:
        return list(csv.DictReader(file))


def ceiling_run(seconds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url, content = fresh_database("sqlite", folder), content_folder(folder)
        usernames, _lessons, buttons = populate(url, content, 8, 20)
        env = app_env(url, content)
        rows = []
        with gunicorn("wsgi:app", env, 2, 4) as server:
            sessions = sign_everyone_in(server.port, usernames, folder)
            paths = lines(folder, "buttons", buttons)
            for writers in (1, 2, 4, 8, 16, 32, 64, 128):
                result = wrk(server.port, LESSON, seconds, writers, "writes.lua",
                             sessions=sessions, lessons=paths, seed=random.randrange(10**6))
                rows.append((writers, result))
                if result["p99"] > 3000:
                    break
    print(f"Writers pressing \"Lesson done\" on random lessons with no pause, {seconds} s "
          "per line, SQLite (WAL), gunicorn 2 workers × 4 threads:\n")
    print("| writers at once | writes/s | p50 | p99 | errors |")
    print("|---:|---:|---:|---:|---:|")
    for writers, r in rows:
        print(f"| {writers} | {r['rps']:.0f} | {r['p50']:.0f} ms | {r['p99']:.0f} ms "
              f"| {r['errors']} |")


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    parser = argparse.ArgumentParser()
    parser.add_argument("run", choices=["lesson", "pages", "region", "ceiling"])
    parser.add_argument("--seconds", type=int)
    options = parser.parse_args()
    runs = {"lesson": (lesson_run, 8), "pages": (pages_run, 4), "region": (region_run, 60),
            "ceiling": (ceiling_run, 10)}
    function, seconds = runs[options.run]
    function(options.seconds or seconds)


if __name__ == "__main__":
    main()

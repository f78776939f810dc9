"""Request ids, structured request logs, incident numbers, and the proxy in front."""

from __future__ import annotations

import json
import logging

from helpers import text_of

from lms.site.observability import JsonFormatter


def test_every_response_carries_a_request_id(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 16
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-12345678"})
    assert kept.headers["X-Request-ID"] == "proxy-abc-12345678"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert odd.headers["X-Request-ID"] != "<script>alert(1)</script>"


def test_a_crash_shows_an_incident_number_that_is_in_the_log(app, client, caplog):
    def broken():
        raise RuntimeError("the database said no")

    app.view_functions["lms.courses.catalogue"] = broken
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production
    with caplog.at_level(logging.ERROR):
        response = client.get("/")
    number = response.headers["X-Request-ID"]
    page = text_of(response)
    assert response.status_code == 500 and f"Номер случая: {number}" in page
    assert "Traceback" not in page and "the database said no" not in page
    logged = [r for r in caplog.records if number in r.getMessage()]
    assert logged and "the database said no" in JsonFormatter().format(logged[0])


def test_one_json_line_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="lms.requests"):
        client.get("/courses/first-steps/")
    line = json.loads(JsonFormatter().format(caplog.records[-1]))
    assert line["path"] == "/courses/first-steps/" and line["status"] == 200
    assert line["request_id"] and line["ms"] >= 0


def test_behind_a_proxy_the_visitors_own_address_is_seen(make_app, caplog):
    app = make_app(LMS_PROXY_HOPS=1)
    with caplog.at_level(logging.INFO, logger="lms.requests"):
        app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.7",
                                                   "X-Forwarded-Proto": "https"})
    line = json.loads(JsonFormatter().format(caplog.records[-1]))
    assert line["ip"] == "203.0.113.7"


def test_gunicorn_warns_when_several_workers_count_addresses_apart():
    import runpy
    from pathlib import Path
    from types import SimpleNamespace

    settings = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))
    said = []
    log = SimpleNamespace(warning=lambda message, *args: said.append(message % args))
    for workers, storage in ((2, "memory://"), (1, "memory://"), (8, "redis://127.0.0.1")):
        app = SimpleNamespace(config={"RATELIMIT_STORAGE_URI": storage})
        settings["when_ready"](SimpleNamespace(app=SimpleNamespace(callable=app), log=log,
                                               cfg=SimpleNamespace(workers=workers)))
    assert len(said) == 1 and "2 workers" in said[0] and "LMS_RATELIMIT_STORAGE_URI" in said[0]

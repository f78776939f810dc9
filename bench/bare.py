"""A bare Flask app answering with the bytes of a saved page: the baseline in
bench/load.py, served by the same gunicorn settings as Gramota."""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
PAGE = Path(os.environ["BARE_PAGE"]).read_bytes()
JSON = Path(os.environ["BARE_JSON"]).read_bytes() if os.environ.get("BARE_JSON") else b"{}"


@app.get("/")
def page():
    return Response(PAGE, mimetype="text/html")


@app.get("/json")
def json_page():
    return Response(JSON, mimetype="application/json")

"""A bare Flask app answering with the bytes of a saved page: the baseline in
bench/load.py, served by the same gunicorn settings as Gramota."""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
PAGE = Path(os.environ["BARE_PAGE"]).read_bytes()


@app.get("/")
def page():
    return Response(PAGE, mimetype="text/html")

"""Reading a report as a person would: signed in, the cells of a row, a downloaded file."""

from __future__ import annotations

import re

from helpers import csrf_from, sign_in, text_of


def post(client, url, **data):
    token = csrf_from(text_of(client.get(url)))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def download(client, url) -> bytes:
    """The file's bytes; closing the response lets the server drop its temporary file."""
    response = client.get(url)
    assert response.status_code == 200, url
    data = response.data
    response.close()
    return data


def dashboard(app, user, **args):
    client = client_for(app, user)
    return client, text_of(client.get("/reports/", query_string=args))


def cells(page: str, label: str) -> list[str]:
    """The cells after the row heading ``label`` in the first table that has it."""

    row = re.search(rf"<th scope=\"row\">(?:<a [^>]+>)?{re.escape(label)}(?:</a>)?</th>(.*?)</tr>",
                    page, re.S)
    assert row, label
    return re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)



"""Playing a practice's pages through the test client: the form sent with its page's token
(and its count of tries), a choice picked by its words, the link on to the next step."""

from __future__ import annotations

import re

from helpers import csrf_from, text_of


def post(client, url, **fields):
    page = text_of(client.get(url))
    tries = re.search(r'name="tries" value="(\d+)"', page)
    return client.post(url, data={"csrf_token": csrf_from(page),
                                  "tries": tries[1] if tries else "0", **fields})


def choose(client, url, label):
    page = text_of(client.get(url))
    number = re.search(rf'name="choice" value="(\d)"> <span lang="ru">{re.escape(label)}<', page)
    assert post(client, url, choice=number[1]).status_code == 302
    return text_of(client.get(url))


def next_url(page):
    return re.search(r'rel="next" href="([^"]+)"', page)[1]


def start(client, practice_url):
    page = text_of(client.get(practice_url))
    return client.post(practice_url + "start",
                       data={"csrf_token": csrf_from(page)}).headers["Location"]

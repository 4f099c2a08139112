# Written by notebooks/10_performance.ipynb: edit the notebook, not this file.
"""A load on a real server: many POST /tracks at once, and what each one got."""
import asyncio
import ssl
from collections import Counter

import httpx

from tests.helpers import track_body


async def post_tracks(url: str, album_id: int, requests: int, at_a_time: int,
                      stop_on_error: bool = False) -> tuple[Counter, list[int]]:
    """Send `requests` POST /tracks to `url`, `at_a_time` of them in flight at once: how many
    got each status (or each kind of transport error, by name), and the ids of the tracks
    created. With `stop_on_error`, no request starts after one that got anything but a 201:
    a test of a broken server fails in a moment, not after the whole load."""
    answers: Counter = Counter()
    created: list[int] = []
    todo = iter(range(requests))
    tls = ssl.create_default_context()  # one for all the clients: each would load the certificates

    async def one_client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=120, verify=tls) as client:
            for _ in todo:  # the clients share one count: each takes the next request
                if stop_on_error and set(answers) - {201}:
                    break
                try:
                    response = await client.post("/tracks", json=track_body(album_id))
                except httpx.TransportError as error:  # no answer at all
                    answers[type(error).__name__] += 1
                    continue
                answers[response.status_code] += 1
                if response.status_code == 201:
                    created.append(response.json()["id"])

    await asyncio.gather(*(one_client() for _ in range(at_a_time)))
    return answers, created

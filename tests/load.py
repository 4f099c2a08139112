# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""A load on a real server: many POST /tracks at once, and what each one got."""
import asyncio
from collections import Counter

import httpx

from tests.helpers import track_body


async def post_tracks(url: str, album_id: int, requests: int, at_a_time: int) -> tuple[Counter, list[int]]:
    """Send `requests` POST /tracks to `url`, `at_a_time` of them in flight at once.

    Returns how many got each status (or each kind of transport error, by name), and
    the ids of the tracks created.
    """
    answers: Counter = Counter()
    created: list[int] = []
    todo = iter(range(requests))

    async def one_client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            for _ in todo:  # the clients share one count: each takes the next request
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

# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""Bad input on every route gets a clear 4xx that says what was wrong, never a 500."""
import json
import math
import os
import subprocess
import sys

import pytest

from project.app import MAX_BODY_BYTES, MAX_ERRORS
from project.models import NAME_LENGTH, TITLE_LENGTH
from project.schemas import MAX_ID
from tests.helpers import CREATE, valid_body
from tests.servers import free_port
from tests.support import ROOT

pytestmark = pytest.mark.anyio

JSON = {"content-type": "application/json"}
RESOURCES = ["artists", "albums", "tracks"]
def text_field(resource: str) -> tuple[str, int]:
    return ("name", NAME_LENGTH) if resource == "artists" else ("title", TITLE_LENGTH)


def error_for(response, field: str) -> dict:
    """The one validation error about body.<field>."""
    assert response.status_code == 422, response.text
    errors = [e for e in response.json()["detail"] if e["loc"] == ["body", field]]
    assert len(errors) == 1, response.json()
    return errors[0]


def error_for_path(response) -> dict:
    """The one validation error about the URL's path."""
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"][0] == "path"
    return error


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("method", ["post", "put"])
async def test_invalid_bodies(client, resource, method):
    url = f"/{resource}"
    if method == "put":
        url += f"/{(await CREATE[resource](client))['id']}"
    body = await valid_body(client, resource)
    field, max_length = text_field(resource)
    send = getattr(client, method)

    missing = {k: v for k, v in body.items() if k != field}
    assert error_for(await send(url, json=missing), field)["type"] == "missing"
    too_long = body | {field: "x" * (max_length + 1)}
    assert error_for(await send(url, json=too_long), field)["type"] == "string_too_long"
    assert error_for(await send(url, json=body | {field: ""}), field)["type"] == "string_too_short"
    assert error_for(await send(url, json=body | {field: 42}), field)["type"] == "string_type"
    assert error_for(await send(url, json=body | {field: "a\x00b"}), field)["type"] == "string_nul"
    assert error_for(await send(url, json=body | {"extra": 1}), "extra")["type"] == "extra_forbidden"
    response = await send(url, content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
    # The longest allowed value is accepted.
    response = await send(url, json=body | {field: "x" * max_length})
    assert response.status_code == (201 if method == "post" else 200), response.text


@pytest.mark.parametrize(
    ("resource", "field", "value", "error"),
    [
        ("albums", "artist_id", MAX_ID + 1, "less_than_equal"),
        ("albums", "artist_id", "one", "int_type"),
        ("albums", "artist_id", "1", "int_type"),
        ("albums", "artist_id", True, "int_type"),
        ("tracks", "album_id", 0, "greater_than_equal"),
        ("tracks", "album_id", 1.5, "int_from_float"),
    ],
)
async def test_parent_ids_out_of_range_or_of_the_wrong_type(client, resource, field, value, error):
    body = await valid_body(client, resource)
    response = await client.post(f"/{resource}", json=body | {field: value})
    assert error_for(response, field)["type"] == error
    assert (await client.get(f"/{resource}")).json() == []


@pytest.mark.parametrize("resource", RESOURCES)
async def test_unknown_ids_are_404(client, resource):
    body = await valid_body(client, resource)
    singular = resource[:-1].capitalize()
    for response in [
        await client.get(f"/{resource}/987654"),
        await client.put(f"/{resource}/987654", json=body),
        await client.delete(f"/{resource}/987654"),
    ]:
        assert response.status_code == 404
        assert response.json() == {"detail": f"{singular} 987654 not found"}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(
    ("id", "error"),
    [
        ("abc", "int_parsing"),
        ("0", "greater_than_equal"),
        (str(MAX_ID + 1), "less_than_equal"),
        (str(2**63), "less_than_equal"),
    ],
)
async def test_an_id_that_cannot_exist_is_422(client, resource, id, error):
    body = await valid_body(client, resource)
    for response in [
        await client.get(f"/{resource}/{id}"),
        await client.put(f"/{resource}/{id}", json=body),
        await client.delete(f"/{resource}/{id}"),
    ]:
        assert error_for_path(response)["type"] == error


ECHOED = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity", "\ud800": "\\ud800"}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "\ud800"], ids=ECHOED.values())
async def test_values_json_cannot_echo_are_422s(client, resource, value):
    body = await valid_body(client, resource)
    for field in body:
        response = await client.post(f"/{resource}", content=json.dumps(body | {field: value}), headers=JSON)
        assert error_for(response, field)["input"] == ECHOED[str(value)]
    response = await client.post(f"/{resource}", content=json.dumps(body | {"\ud800": value}), headers=JSON)
    assert response.status_code == 422, response.text
    assert (await client.get(f"/{resource}")).json() == []


async def test_a_422_echoes_no_more_than_a_short_prefix(client):
    body = {f"unknown field {i} " + "k" * 100: "v" * 100 for i in range(1000)}
    assert 200_000 < len(json.dumps(body)) < MAX_BODY_BYTES
    response = await client.post("/artists", json=body)
    assert response.status_code == 422
    assert len(response.content) < 8_000
    errors = response.json()["detail"]
    assert len(errors) == MAX_ERRORS + 1
    assert errors[-1] == {"type": "too_many_errors", "loc": [], "msg": "981 more errors not shown", "input": None}

    response = await client.post("/artists", json={"name": "x" * 200_000})
    assert error_for(response, "name")["input"] == "x" * 50 + "…"
    assert len(response.content) < 1_000


CHUNK = 64 * 1024


async def test_a_body_over_the_limit_is_413_and_never_read_whole(client):
    read = 0

    async def chunks(count: int):
        nonlocal read
        for _ in range(count):
            read += CHUNK  # the app asked for one more chunk
            yield b"x" * CHUNK

    too_large = {"detail": f"the request body is larger than {MAX_BODY_BYTES} bytes"}
    announced = {"content-length": str(256 * CHUNK)}
    response = await client.post("/artists", content=chunks(256), headers=JSON | announced)
    assert (response.status_code, response.json(), read) == (413, too_large, 0)

    response = await client.post("/artists", content=chunks(256), headers=JSON)  # no length: chunked
    assert (response.status_code, response.json()) == (413, too_large)
    assert read <= MAX_BODY_BYTES + CHUNK


def body_of(size: int) -> bytes:
    """An artist whose JSON body is `size` bytes long."""
    return b'{"name":"' + b"x" * (size - 11) + b'"}'


@pytest.mark.slow
def test_max_body_bytes_sets_the_limit(servers, monkeypatch):
    monkeypatch.setenv("MAX_BODY_BYTES", "100")  # the server's environment is a copy of ours
    server = servers()
    server.wait_until_serving()
    server.request("POST", "/artists", expect=201, content=body_of(100), headers=JSON)
    server.request("POST", "/artists", expect=413, content=body_of(101), headers=JSON)


@pytest.mark.slow
@pytest.mark.parametrize("value", ["abc", "0"])
def test_a_bad_max_body_bytes_stops_the_server_with_one_line(value, db_url, tmp_path):
    env = os.environ | {"MAX_BODY_BYTES": value, "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "uvicorn", "project.app:app", "--port", str(free_port())]
    result = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"cannot start: MAX_BODY_BYTES={value!r} is not a whole number of bytes")
    assert result.stderr.count("\n") == 1, result.stderr

# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""Bad input on every route gets a clear 4xx that says what was wrong, never a 500."""
import pytest

from project.models import NAME_LENGTH, TITLE_LENGTH
from project.schemas import MAX_ID
from tests.helpers import album_body, artist_body, create_album, create_artist, create_track, track_body

pytestmark = pytest.mark.anyio

RESOURCES = ["artists", "albums", "tracks"]
CREATE = {"artists": create_artist, "albums": create_album, "tracks": create_track}


async def valid_body(client, resource: str) -> dict:
    """A body the route accepts, with fresh parents where it needs them."""
    if resource == "artists":
        return artist_body()
    if resource == "albums":
        return album_body((await create_artist(client))["id"])
    return track_body((await create_album(client))["id"])


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
        ("albums", "artist_id", "one", "int_parsing"),
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
    [("abc", "int_parsing"), ("0", "greater_than_equal"), (str(MAX_ID + 1), "less_than_equal")],
)
async def test_an_id_that_cannot_exist_is_422(client, resource, id, error):
    body = await valid_body(client, resource)
    for response in [
        await client.get(f"/{resource}/{id}"),
        await client.put(f"/{resource}/{id}", json=body),
        await client.delete(f"/{resource}/{id}"),
    ]:
        assert error_for_path(response)["type"] == error

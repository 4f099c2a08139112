# Written by notebooks/08_schema_changes.ipynb: edit the notebook, not this file.
"""Album years and track numbers (revision 0002): kept, optional or required, and bounded."""
import pytest

from project.models import FIRST_YEAR, LAST_TRACK_NUMBER, LAST_YEAR
from tests.helpers import album_body, create_album, create_artist, create_track, track_body

pytestmark = pytest.mark.anyio


def error_type(response, field: str) -> str:
    """The type of the one validation error about body.<field>."""
    assert response.status_code == 422, response.text
    [error] = [e for e in response.json()["detail"] if e["loc"] == ["body", field]]
    return error["type"]


async def test_an_album_keeps_its_year_and_a_track_its_number(client):
    album = await create_album(client, year=1965)
    track = await create_track(client, album["id"], number=10)
    assert (album["year"], track["number"], track["album"]["year"]) == (1965, 10, 1965)


async def test_the_year_is_optional_and_the_number_required(client):
    artist = await create_artist(client)
    response = await client.post("/albums", json={"title": "Undated", "artist_id": artist["id"]})
    assert response.status_code == 201 and response.json()["year"] is None
    response = await client.post("/tracks", json={"title": "Untitled", "album_id": response.json()["id"]})
    assert error_type(response, "number") == "missing"


@pytest.mark.parametrize(
    ("resource", "field", "value", "error"),
    [
        ("albums", "year", FIRST_YEAR - 1, "greater_than_equal"),
        ("albums", "year", LAST_YEAR + 1, "less_than_equal"),
        ("albums", "year", "1959-01-01", "int_type"),
        ("tracks", "number", 0, "greater_than_equal"),
        ("tracks", "number", LAST_TRACK_NUMBER + 1, "less_than_equal"),
        ("tracks", "number", 1.5, "int_from_float"),
        ("tracks", "number", None, "int_type"),
    ],
)
async def test_out_of_range_or_of_the_wrong_type(client, resource, field, value, error):
    if resource == "albums":
        body = album_body((await create_artist(client))["id"])
    else:
        body = track_body((await create_album(client))["id"])
    response = await client.post(f"/{resource}", json=body | {field: value})
    assert error_type(response, field) == error
    assert (await client.get(f"/{resource}")).json() == []


async def test_the_bounds_themselves_are_accepted(client):
    for year in (FIRST_YEAR, LAST_YEAR):
        assert (await create_album(client, year=year))["year"] == year
    for number in (1, LAST_TRACK_NUMBER):
        assert (await create_track(client, number=number))["number"] == number

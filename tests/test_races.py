# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""Two requests on one row: a PUT that lands after a DELETE is a 404 and writes nothing."""
import pytest

from project.routes import albums, artists, tracks
from tests.helpers import CREATE, valid_body

pytestmark = pytest.mark.anyio

ROUTES = {"artists": artists, "albums": albums, "tracks": tracks}


@pytest.mark.parametrize("resource", ROUTES)
async def test_a_put_after_a_concurrent_delete_is_a_404_and_writes_nothing(client, monkeypatch, resource):
    row = await CREATE[resource](client)
    body = await valid_body(client, resource)
    route = ROUTES[resource]
    found_it = route.get_or_404

    async def deleted_just_after_the_lookup(model, id, *related):
        found = await found_it(model, id, *related)
        await model.objects.filter(id=id).delete()  # the other request's DELETE
        return found

    monkeypatch.setattr(route, "get_or_404", deleted_just_after_the_lookup)
    response = await client.put(f"/{resource}/{row['id']}", json=body)
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": f"{resource[:-1].capitalize()} {row['id']} not found"}
    monkeypatch.undo()
    assert (await client.get(f"/{resource}/{row['id']}")).status_code == 404  # nothing written

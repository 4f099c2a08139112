# Written by notebooks/07_route_tests.ipynb: edit the notebook, not this file.
"""The app keeps the contract its OpenAPI schema publishes, on requests a fuzzer draws from it."""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from project.app import app
from tests.factories import TrackFactory

pytestmark = pytest.mark.anyio

EXAMPLES = 5  # requests per route and kind (valid, invalid): the same ones on every run
schema = schemathesis.openapi.from_dict(app.openapi())


def routes_and_kinds():
    """Every operation with valid requests, and with invalid ones where it takes any input."""
    for result in schema.get_all_operations():
        operation = result.ok()
        yield pytest.param(operation, GenerationMode.POSITIVE, id=f"{operation.label} valid")
        if list(operation.iter_parameters()) or operation.body:
            yield pytest.param(operation, GenerationMode.NEGATIVE, id=f"{operation.label} invalid")


def requests_for(operation, kind: GenerationMode) -> list[schemathesis.Case]:
    drawn = []

    # Drawing from a schema is slow, and invalid requests are found by filtering: neither is a fault here.
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(operation.as_strategy(generation_mode=kind))
    def draw(case):
        drawn.append(case)

    draw()
    return drawn


async def send(client, case: schemathesis.Case):
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url))
    kwargs.pop("cookies")  # the API reads none
    if "data" in kwargs:
        kwargs["content"] = kwargs.pop("data")
    return await client.request(**kwargs)


@pytest.mark.parametrize(("operation", "kind"), list(routes_and_kinds()))
async def test_every_answer_keeps_the_contract(client, operation, kind):
    await TrackFactory.create()
    for case in requests_for(operation, kind):
        response = await send(client, case)
        try:
            case.validate_response(response)
        except schemathesis.errors.FailureGroup as failures:
            pytest.fail(str(failures), pytrace=False)

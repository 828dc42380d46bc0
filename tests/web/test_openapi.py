"""Property-based: schemathesis generates requests from the served OpenAPI document and
checks every answer against it (status codes, content types, response schemas, no 5xx,
the bearer token enforced)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.slow  # a property-based run of the whole API

SETTINGS = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def test_api_conforms_to_its_openapi_document(served):
    schema = schemathesis.openapi.from_url(served.urls["api"]["openapi"])
    auth = {"Authorization": f"Bearer {served.urls['api']['bearer_token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {"/api/appointments", "/api/queue"}
    for operation in operations:
        @SETTINGS
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(base_url=served.base, headers=auth)

        check()

"""Schemathesis against /api/v1/openapi.json on a seeded database (issue 9):
no 5xx for anything a client sends, and every response matches its schema.

Bounded: a few generated examples per operation, so the suite stays fast. (The
operations are driven from one test rather than schemathesis's pytest plugin, whose
parametrisation does not support the pytest version we run.)
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from thidua.core.api_auth import issue_token
from thidua.wsgi import application

EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def _keep_test_connection():
    """Calling the WSGI app directly fires the request signals, which would close
    the test's database connection (and its transaction); Django's test client
    disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_server_error_and_responses_match_the_schema(world, _keep_test_connection):
    raw, _ = issue_token(world.users["superuser"])
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, response_schema_conformance],
            )

        try:
            run()
        except Exception as exc:  # collect every failing operation, then report
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations > 20
    assert not failures, "\n\n".join(failures)

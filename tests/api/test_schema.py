"""Property-based tests of the API against its own OpenAPI schema, with schemathesis (v4).

The schema is loaded from the running WSGI application inside each test, so every request hits the
pytest-django test database with the real sample of Stichtse Vecht. Each generated request goes
through ``case.call_and_validate()``, which runs schemathesis' default response checks: no server
error, status code, content type and headers as documented, the body valid against the response
schema, invalid input rejected (4xx), valid input accepted (2xx/404), undeclared methods answered
with 405 and an Allow header. Generated examples are derandomized and bounded, so the run is
reproducible and takes seconds.

(``schemathesis.pytest.from_fixture(...).parametrize()`` would be the idiomatic way to use a
pytest-django fixture, but schemathesis 4.32 fails there under pytest 9 (``Function._nodeid``), so the
cases are generated here with ``as_strategy`` and ``iter_coverage_cases``.)
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

GM = "GM1904"
GEBIEDEN = "/v1/gemeenten/{gemeente}/gebieden"
WAARDEN = "/v1/gemeenten/{gemeente}/waarden"
PROFIEL = "/v1/gemeenten/{gemeente}/profielen/{gebied}"
SOCIALE_BASIS = "/v1/sociale-basis"  # its own generated tests are in test_api_sociale_basis.py
OPERATIONS = ["/v1/gemeenten", GEBIEDEN, "/v1/indicatoren", WAARDEN, PROFIEL, SOCIALE_BASIS]
WITH_PARAMETERS = [GEBIEDEN, WAARDEN, PROFIEL]

SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, database=None, print_blob=True,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def app(sample):
    """The WSGI application on the test database.

    Like Django's test client, keep Django from closing the database connection at the end of each
    request: inside the test's transaction that would break the following requests (PostgreSQL).
    """
    from django.core import signals
    from django.db import close_old_connections

    from kernfoto.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def run(strategy, *, max_examples: int = 20) -> list[int]:
    statuses: list[int] = []

    @settings(SETTINGS, max_examples=max_examples)
    @given(case=strategy)
    def check(case):
        response = case.call_and_validate()
        assert response.status_code < 500
        statuses.append(response.status_code)

    check()
    return statuses


def test_schema_lists_every_operation(schema):
    assert sorted(op.ok().path for op in schema.get_all_operations()) == sorted(OPERATIONS)


@pytest.mark.parametrize("path", OPERATIONS)
def test_generated_requests_conform(schema, path):
    """Any valid request: 200, or 404 for a gemeente, area or period without data; never a 5xx."""
    statuses = run(schema[path]["GET"].as_strategy(generation_mode=GenerationMode.POSITIVE))
    assert set(statuses) <= {200, 404}


@pytest.mark.parametrize("path", WITH_PARAMETERS)
def test_invalid_requests_are_rejected(schema, path):
    """Requests that break the schema (wrong types, patterns, enums, ranges): 400 or 404 with an error body.

    Unknown extra query parameters are ignored (200); schemathesis' own negative-data check knows that.
    """
    statuses = run(schema[path]["GET"].as_strategy(generation_mode=GenerationMode.NEGATIVE))
    assert {400, 404} & set(statuses) and set(statuses) <= {200, 400, 404}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize("path", WITH_PARAMETERS)
def test_generated_requests_on_the_sample_gemeente(schema, path, mode):
    """Generated filters and paging on the real data of Stichtse Vecht (all kernen, wijken, buurten).

    Valid ones give 200 (404 for a period or area without data); invalid query parameters give 400/404
    (unknown extra parameters are ignored: 200).
    """
    from kernfoto.web.services import gemeente_data

    data = gemeente_data(GM)
    operation = schema[path]["GET"]
    if path == PROFIEL:
        areas = sorted(a for level in ("gemeente", "kern", "wijk", "buurt") for a in data.areas(level))
        strategy = st.sampled_from(areas).flatmap(
            lambda area: operation.as_strategy(generation_mode=mode, path_parameters={"gemeente": GM, "gebied": area}))
    else:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters={"gemeente": GM})
    statuses = run(strategy, max_examples=25)
    if mode is GenerationMode.POSITIVE:
        assert 200 in statuses and set(statuses) <= {200, 404}
    else:
        assert 400 in statuses and set(statuses) <= {200, 400, 404}


@pytest.mark.parametrize("path", OPERATIONS)
def test_coverage_phase(schema, path):
    """Schemathesis' coverage phase: the documented examples, boundary and missing values of every parameter
    (limit 0, 1, 5000, 5001; empty strings; wrong types), and undeclared methods (405 with an Allow header).
    """
    operation = schema[path]["GET"]
    statuses: Counter = Counter()
    for case in schema.iter_coverage_cases(operation, generation_modes=list(GenerationMode),
                                           generation_config=schema.config.generation_for(operation=operation)):
        response = case.call_and_validate()
        assert response.status_code < 500
        statuses[case.method, response.status_code] += 1
    assert statuses["GET", 200] and statuses["POST", 405] and statuses["DELETE", 405]
    if path in WITH_PARAMETERS:
        assert statuses["GET", 400] and statuses["GET", 404]


def test_real_answers_conform(schema):
    """Every level, every page of values and the profiles of all kernen against the response schemas."""
    from kernfoto.web.services import gemeente_data

    data = gemeente_data(GM)

    def call(path, status=200, **kwargs):
        response = schema[path]["GET"].Case(**kwargs).call_and_validate()
        assert response.status_code == status, response.text[:300]
        return response.json()

    call("/v1/gemeenten")
    call("/v1/indicatoren")
    for niveau in (None, "gemeente", "kern", "wijk", "buurt"):
        call(GEBIEDEN, path_parameters={"gemeente": GM}, query={"niveau": niveau} if niveau else {})
    offset = 0
    while True:
        body = call(WAARDEN, path_parameters={"gemeente": GM}, query={"limit": 5000, "offset": offset})
        offset += 5000
        if body["volgende"] is None:
            break
    assert offset >= data.export.height
    for area in [*data.areas("kern"), GM, "WK190401", "BU19040101"]:
        call(PROFIEL, path_parameters={"gemeente": GM, "gebied": area}, query={"periode": "2020"})
    call(PROFIEL, path_parameters={"gemeente": GM, "gebied": "maarssen-dorp"}, query={"kaart": "1"})
    call(PROFIEL, 404, path_parameters={"gemeente": GM, "gebied": "atlantis"})
    call(WAARDEN, 400, path_parameters={"gemeente": GM}, query={"indicator": "geluk_pct"})

"""The suite's own machinery: what `make test` counts on to share work between its workers."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("probe")
def test_xdist_groups_hold(request: pytest.FixtureRequest) -> None:
    """With --dist loadgroup, xdist keeps an xdist_group's tests on one worker by suffixing their node
    ids with the group ("...::test@fuzz") in each worker. pytest 9.2 with xdist 3.8 drops the suffix
    silently (pytest-dev/pytest-xdist#1386), and every worker then builds the sites the groups share:
    no test fails, the suite just gets slower. pyproject.toml pins pytest below 9.2; this says so if
    the pin goes."""
    if not getattr(request.config.option, "loadgroup", False):
        return  # not run with --dist loadgroup (e.g. `make test PYTEST_ARGS=`): there is nothing to hold
    assert request.node.nodeid.endswith("@probe"), (
        f"pytest {pytest.__version__} with this pytest-xdist ignores xdist_group marks (pytest-xdist#1386): "
        "keep the pin on pytest in pyproject.toml and install the test extras again (`make build`)")

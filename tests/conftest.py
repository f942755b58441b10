"""Shared test helpers.

``valid_analysis`` is a fixture returning ``assert_valid_analysis``, so that any test can check
that what it produced follows the ``presslens.analysis/1`` contract::

    def test_cli_json(valid_analysis):
        valid_analysis(stdout_line)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from presslens.errors import PresslensError
from presslens.page import Page
from presslens.schema import validate


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def assert_valid_analysis(obj: dict[str, Any] | str | Page) -> dict[str, Any]:
    """Assert that ``obj`` (a dict, a JSON string or a Page) follows presslens.analysis/1; return the dict."""
    if isinstance(obj, Page):
        obj = obj.to_dict()
    if isinstance(obj, str):
        try:
            obj = json.loads(obj, parse_constant=_no_constant)
        except ValueError as exc:
            raise AssertionError(f"analysis is not strict JSON: {exc}") from None
    try:
        validate(obj)
    except PresslensError as exc:
        raise AssertionError(f"analysis does not follow presslens.analysis/1: {exc.message}") from None
    return obj


@pytest.fixture
def valid_analysis() -> Callable[[dict[str, Any] | str | Page], dict[str, Any]]:
    """``assert_valid_analysis``: validate a dict, JSON string or Page against presslens.analysis/1."""
    return assert_valid_analysis

"""The JSON Schema of ``presslens.analysis/1`` and a validator that also checks what it cannot say.

The schema file ships inside the package (``analysis-1.schema.json``) so that tools in other
languages can validate presslens output. ``validate`` runs the schema and then the semantic
checks a schema cannot express: offsets that fit the text, ids that are unique, and references
(``document``, ``responds_to``, comparison groups) that name existing items.

``jsonschema`` is optional: it is imported only when ``validate`` runs.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from presslens.errors import BAD_CONTRACT, PresslensError

SCHEMA_NAME = "analysis-1.schema.json"
# Where the schema file lies on a regular (unzipped) install; load_schema() works in any case.
SCHEMA_PATH = Path(__file__).with_name(SCHEMA_NAME)

# Layers whose items may reference a document.
_REFERENCING_LAYERS = ("techniques", "quotes", "figures", "claims")
_LAYERS = ("boilerplate", "documents", *_REFERENCING_LAYERS)


@cache
def _schema_text() -> str:
    return resources.files(__package__).joinpath(SCHEMA_NAME).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The ``presslens.analysis/1`` JSON Schema as a fresh dict (safe to modify)."""
    return json.loads(_schema_text())


@cache
def _validator() -> Any:
    try:
        import jsonschema
    except ImportError:
        raise PresslensError(BAD_CONTRACT, "install jsonschema to validate") from None
    base = jsonschema.Draft202012Validator
    # JSON Schema counts 1.0 as an integer, but Page offsets must be Python ints (check_span).
    checker = base.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    strict = jsonschema.validators.extend(base, type_checker=checker)
    schema = load_schema()
    base.check_schema(schema)
    return strict(schema)


def validate(obj: dict[str, Any]) -> None:
    """Raise ``PresslensError(BAD_CONTRACT, "<json path>: <message>")`` unless ``obj`` follows the contract.

    ``obj`` is a decoded object (``Page.to_dict()`` or ``json.loads`` of presslens output).
    The schema runs first; the semantic checks run only on an object the schema accepts.
    """
    validator = _validator()
    errors = sorted(validator.iter_errors(obj), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        import jsonschema

        error = jsonschema.exceptions.best_match(errors)
        raise PresslensError(BAD_CONTRACT, f"{error.json_path}: {error.message}")
    _check_semantics(obj)


def _fail(path: str, message: str) -> None:
    raise PresslensError(BAD_CONTRACT, f"{path}: {message}")


def _check_span(path: str, start: int, end: int, length: int, what: str = "span") -> None:
    if not 0 <= start <= end <= length:
        _fail(path, f"{what} ({start}, {end}) does not fit a text of {length} characters")


def _check_semantics(obj: dict[str, Any]) -> None:
    length = len(obj["text"])
    ids: dict[str, set[str]] = {}
    for layer in _LAYERS:
        seen: set[str] = set()
        for i, item in enumerate(obj[layer]):
            path = f"$.{layer}[{i}]"
            if item["id"] in seen:
                _fail(f"{path}.id", f"duplicate id {item['id']!r} in {layer}")
            seen.add(item["id"])
            _check_span(path, item["start"], item["end"], length)
        ids[layer] = seen

    for i, item in enumerate(obj["boilerplate"]):
        for j, (start, end) in enumerate(item["spans"]):
            _check_span(f"$.boilerplate[{i}].spans[{j}]", start, end, length)

    for layer in _REFERENCING_LAYERS:
        for i, item in enumerate(obj[layer]):
            doc = item["document"]
            if doc is not None and doc not in ids["documents"]:
                _fail(f"$.{layer}[{i}].document", f"{doc!r} names no document")

    for i, item in enumerate(obj["quotes"]):
        start, end = item["speaker_start"], item["speaker_end"]
        if (start is None) != (end is None):
            _fail(f"$.quotes[{i}]", "speaker_start and speaker_end must both be set or both be null")
        if start is not None:
            _check_span(f"$.quotes[{i}]", start, end, length, "speaker span")

    for i, item in enumerate(obj["claims"]):
        target = item["responds_to"]
        if target is not None and (target not in ids["claims"] or target == item["id"]):
            _fail(f"$.claims[{i}].responds_to", f"{target!r} names no other claim")

    for layer, key in (("techniques", "score"), ("figures", "value")):
        for i, item in enumerate(obj[layer]):
            value = item[key]
            if isinstance(value, float) and not math.isfinite(value):
                _fail(f"$.{layer}[{i}].{key}", f"{value} is not a finite number (JSON has no NaN or Infinity)")

    comparison = obj["comparison"]
    for i, group in enumerate(comparison["figure_groups"]):
        for j, ref in enumerate(group["figures"]):
            if ref not in ids["figures"]:
                _fail(f"$.comparison.figure_groups[{i}].figures[{j}]", f"{ref!r} names no figure")
    for i, group in enumerate(comparison["quote_groups"]):
        for j, ref in enumerate(group["quotes"]):
            if ref not in ids["quotes"]:
                _fail(f"$.comparison.quote_groups[{i}].quotes[{j}]", f"{ref!r} names no quote")
    for i, passage in enumerate(comparison["shared_passages"]):
        for j, (doc, start, end) in enumerate(passage["spans"]):
            path = f"$.comparison.shared_passages[{i}].spans[{j}]"
            if doc not in ids["documents"]:
                _fail(path, f"{doc!r} names no document")
            _check_span(path, start, end, length)

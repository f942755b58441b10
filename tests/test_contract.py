"""The presslens.analysis/1 contract: round trips, offset checks, the JSON Schema and its docs."""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from presslens import schema as contract
from presslens.api import analyze_text
from presslens.errors import BAD_CONTRACT, BAD_SPAN, PresslensError
from presslens.page import LAYERS, SCHEMA, Metadata, Page, Source

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "schema.md"

# Emoji with a skin-tone modifier (2 code points, 4 UTF-16 units), a flag (2 regional
# indicators), "e" + COMBINING ACUTE ACCENT, CJK and Persian: offsets are code points.
TEXT = (
    "Link to the source 🔗\n\n"
    "The minister said “we never fired 👍🏽” after at least 1,200 people were hurt in 🇮🇷.\n"
    "Cafe\u0301 owners call it a shameful lie; 改革 now, said وزیر.\n\n"
    "Link to the source 🔗\n\n"
    "The ministry denied that anyone was hurt. More than 40 reporters saw it."
)


def at(needle: str, nth: int = 1, text: str = TEXT) -> dict[str, int]:
    """``start``/``end`` of the ``nth`` occurrence of ``needle`` in ``text``, in code points."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle)}


def full_page() -> Page:
    """A page with every layer and the comparison filled, built by hand through Page.add."""
    page = Page(
        text=TEXT,
        source=Source(path="pages/compilation.txt", url="https://example.org/a?b=ü", sha256="ab" * 32, encoding="utf-8"),
        metadata=Metadata(title="Two reports 👍🏽", author="Zoë", published="2019-07-10", site_name="Example", url=None),
    )
    first, second = at("Link to the source 🔗"), at("Link to the source 🔗", 2)
    spans = [[first["start"], first["end"]], [second["start"], second["end"]]]
    page.add("boilerplate", **first, occurrences=2, spans=spans)
    page.add("documents", start=first["end"] + 2, end=second["start"] - 2, title="Minister", outlet="Mehr News")
    page.add("documents", start=second["end"] + 2, end=len(TEXT), outlet="Other Post", author="Ана", url="https://x.test")
    page.add("techniques", **at("shameful lie"), document="d1", technique="Loaded_Language", score=0.91)
    page.add("techniques", **at("改革 now"), document="d1", technique="Slogans", score=1.0)
    speaker = at("The minister")
    page.add("quotes", **at("“we never fired 👍🏽”"), document="d1", direct=True, speaker="The minister",
             speaker_start=speaker["start"], speaker_end=speaker["end"], cue="said")  # fmt: skip
    speaker = at("وزیر")
    page.add("quotes", **at("改革 now"), document="d1", direct=False, speaker="وزیر",
             speaker_start=speaker["start"], speaker_end=speaker["end"], cue=None)  # fmt: skip
    page.add("figures", **at("at least 1,200 people"), document="d1", value=1200.0, unit="people", qualifier="at_least",
             about="people hurt")  # fmt: skip
    page.add("figures", **at("More than 40"), document="d2", value=40, qualifier="more_than", about="reporters")
    page.add("claims", **at("1,200 people were hurt in 🇮🇷"), document="d1", claimant="The minister", stance="assert")
    denial = at("The ministry denied that anyone was hurt.")
    page.add("claims", **denial, document="d2", claimant="The ministry", stance="deny", responds_to="c1")
    hurt, hurt2 = at("hurt"), at("hurt", 2)
    page.comparison = {
        "figure_groups": [{"about": "people hurt", "figures": ["f1", "f2"], "consistent": False}],
        "quote_groups": [{"quotes": ["q1", "q2"], "similarity": 0.4}],
        "shared_passages": [{"spans": [["d1", hurt["start"], hurt["end"]], ["d2", hurt2["start"], hurt2["end"]]]}],
        "method": "by hand",
    }
    return page


def rejects(code: Any, call: Callable[[], Any]) -> PresslensError:
    with pytest.raises(PresslensError) as info:
        call()
    assert info.value.code == code, info.value
    return info.value


# --- the hand-built page ----------------------------------------------------------------------


def test_full_page_spans_are_the_annotated_strings() -> None:
    page = full_page()
    assert all(page.layers[name] for name in LAYERS)
    assert page.span_text(page.documents[0]).startswith("The minister said")
    assert page.span_text(page.documents[1]) == "The ministry denied that anyone was hurt. More than 40 reporters saw it."
    spans = {item.id: page.span_text(item) for items in page.layers.values() for item in items}
    assert spans["q1"] == "“we never fired 👍🏽”"
    assert spans["t2"] == "改革 now"
    assert spans["c1"].endswith("🇮🇷")
    indirect = page.layers["quotes"][1]
    assert page.text[indirect.speaker_start : indirect.speaker_end] == "وزیر"
    # Code points, not graphemes and not UTF-16 units.
    assert len("👍🏽") == 2 and len("🇮🇷") == 2 and len("e\u0301") == 2
    assert len("👍🏽".encode("utf-16-le")) // 2 == 4


def test_combining_character_offsets_can_split_a_grapheme() -> None:
    page = Page(text="Cafe\u0301 ok")
    whole = page.add("techniques", start=0, end=5, technique="Doubt", score=0.5)
    base = page.add("techniques", start=0, end=4, technique="Doubt", score=0.5)
    assert page.span_text(whole) == "Cafe\u0301"
    assert page.span_text(base) == "Cafe"
    assert Page.from_json(page.to_json()) == page


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("indent", [None, 2])
def test_json_round_trip_is_identical(indent: int | None) -> None:
    page = full_page()
    once = page.to_json(indent=indent)
    back = Page.from_json(once)
    assert back == page
    assert back.to_json(indent=indent) == once
    assert back.to_dict() == page.to_dict()


def test_dict_round_trip() -> None:
    page = full_page()
    assert Page.from_dict(page.to_dict()) == page
    assert Page.from_dict(json.loads(page.to_json())).to_dict() == page.to_dict()


def test_to_json_writes_unicode_unescaped() -> None:
    out = full_page().to_json()
    assert "👍🏽" in out and "改革" in out and "\\u" not in out


def test_ascii_escaped_json_reads_the_same() -> None:
    # Another producer may escape non-ASCII, writing 👍 as the surrogate pair \ud83d\udc4d.
    page = full_page()
    escaped = json.dumps(page.to_dict(), ensure_ascii=True)
    assert "\\ud83d" in escaped
    assert Page.from_json(escaped) == page


def test_round_trip_of_empty_and_analysed_pages() -> None:
    for page in (Page(text=""), Page(text="x"), analyze_text("One report.\n\nTwo paragraphs.")):
        assert Page.from_json(page.to_json()) == page
        assert Page.from_json(page.to_json()).to_json() == page.to_json()


def test_done_is_not_part_of_the_contract() -> None:
    page = full_page()
    page.done.add("documents")
    assert "done" not in page.to_dict()
    assert Page.from_json(page.to_json()) == page


# --- Page.add ---------------------------------------------------------------------------------


def test_add_numbers_ids_per_layer() -> None:
    page = Page(text="abcdef")
    assert [page.add("documents", start=0, end=3).id, page.add("documents", start=3, end=6).id] == ["d1", "d2"]
    assert page.add("techniques", start=0, end=1, technique="Doubt", score=0.1).id == "t1"
    assert page.add("boilerplate", start=0, end=1).id == "b1"
    assert page.add("quotes", start=0, end=1).id == "q1"
    assert page.add("figures", start=0, end=1).id == "f1"
    assert page.add("claims", start=0, end=1).id == "c1"
    assert page.add("documents", start=0, end=6).id == "d3"


def test_add_accepts_the_text_boundaries() -> None:
    page = Page(text="abc")
    assert page.span_text(page.add("documents", start=0, end=0)) == ""
    assert page.span_text(page.add("documents", start=3, end=3)) == ""
    assert page.span_text(page.add("documents", start=0, end=3)) == "abc"
    assert Page(text="").add("documents", start=0, end=0).id == "d1"


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 4), (4, 4), (-1, 2), (0, -1), (2, 1), (3, 0), (0.0, 1), (0, 1.5), ("0", 1), (None, 1)],
)
def test_add_rejects_offsets_that_do_not_fit(start: Any, end: Any) -> None:
    page = Page(text="abc")
    rejects(BAD_SPAN, lambda: page.add("techniques", start=start, end=end, technique="Doubt", score=0.5))
    assert page.layers["techniques"] == []
    # The id is not consumed by a failed add.
    assert page.add("techniques", start=0, end=1, technique="Doubt", score=0.5).id == "t1"


def test_add_counts_code_points_not_utf16_units() -> None:
    page = Page(text="👍🏽!")  # 3 code points, 5 UTF-16 units
    assert page.span_text(page.add("documents", start=0, end=3)) == "👍🏽!"
    rejects(BAD_SPAN, lambda: page.add("documents", start=0, end=5))


def test_span_text_checks_offsets() -> None:
    page = Page(text="abc")
    item = page.add("documents", start=0, end=3)
    item.end = 9
    rejects(BAD_SPAN, lambda: page.span_text(item))


# --- from_json refuses what is not the contract -----------------------------------------------


def _with(mutate: Callable[[dict[str, Any]], Any]) -> str:
    data = full_page().to_dict()
    mutate(data)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("text", ["", "{", "not json", "{'schema': 1}", '{"schema": "presslens.analysis/1",}'])
def test_from_json_rejects_non_json(text: str) -> None:
    error = rejects(BAD_CONTRACT, lambda: Page.from_json(text))
    assert error.message.startswith("not JSON")


@pytest.mark.parametrize("text", ["[]", '"presslens.analysis/1"', "1", "null"])
def test_from_json_rejects_json_that_is_not_an_object(text: str) -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(text))


@pytest.mark.parametrize("value", ["presslens.analysis/2", "presslens.analysis/1 ", "analysis/1", None, 1])
def test_from_json_rejects_a_wrong_schema(value: Any) -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(_with(lambda d: d.update(schema=value))))


def test_from_json_rejects_a_missing_schema() -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(_with(lambda d: d.pop("schema"))))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["techniques"][0].update(lable="Doubt"),
        lambda d: d["documents"][1].update(extra=None),
        lambda d: d["boilerplate"][0].update(text="Link"),
        lambda d: d["source"].update(sha="x"),
        lambda d: d["metadata"].update(language="en"),
    ],
    ids=["technique", "document", "boilerplate", "source", "metadata"],
)
def test_from_json_rejects_unknown_fields(mutate: Callable[[dict[str, Any]], Any]) -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(_with(mutate)))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("text"),
        lambda d: d["techniques"][0].pop("start"),
        lambda d: d["quotes"][0].pop("id"),
        lambda d: d.update(source=None),
        lambda d: d.update(figures=None),
        lambda d: d.update(claims=[1]),
    ],
    ids=["text", "start", "id", "source-null", "layer-null", "item-not-object"],
)
def test_from_json_rejects_malformed_objects(mutate: Callable[[dict[str, Any]], Any]) -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(_with(mutate)))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["documents"][1].update(end=len(TEXT) + 1),
        lambda d: d["techniques"][0].update(start=-1),
        lambda d: d["claims"][0].update(start=d["claims"][0]["end"] + 1),
        lambda d: d["figures"][0].update(start=1.0),
        lambda d: d.update(text=d["text"][:10]),
    ],
    ids=["end-beyond-text", "negative", "start-after-end", "float", "shortened-text"],
)
def test_from_json_rejects_offsets_that_do_not_fit(mutate: Callable[[dict[str, Any]], Any]) -> None:
    rejects(BAD_SPAN, lambda: Page.from_json(_with(mutate)))


def test_from_json_reads_missing_layers_as_empty() -> None:
    page = Page.from_json(json.dumps({"schema": SCHEMA, "text": "abc"}))
    assert page == Page(text="abc")
    assert page.done == set()


# --- known gaps in page.py (see the reasons) --------------------------------------------------


def test_from_json_rejects_unknown_top_level_fields() -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(_with(lambda d: d.update(techniqes=[]))))


def test_from_json_rejects_a_text_that_is_not_a_string() -> None:
    rejects(BAD_CONTRACT, lambda: Page.from_json(json.dumps({"schema": SCHEMA, "text": 5})))


def test_from_json_rejects_speaker_offsets_beyond_text() -> None:
    rejects(BAD_SPAN, lambda: Page.from_json(_with(lambda d: d["quotes"][0].update(speaker_end=len(TEXT) + 5))))


def test_from_json_rejects_boilerplate_spans_beyond_text() -> None:
    rejects(BAD_SPAN, lambda: Page.from_json(_with(lambda d: d["boilerplate"][0].update(spans=[[0, len(TEXT) + 1]]))))


def test_add_rejects_boolean_offsets() -> None:
    rejects(BAD_SPAN, lambda: Page(text="abc").add("documents", start=False, end=True))


def test_add_never_reuses_an_id() -> None:
    data = Page(text="abc").to_dict()
    data["documents"] = [{"id": "d2", "start": 0, "end": 1, "title": None, "outlet": None,
                          "published": None, "author": None, "url": None}]  # fmt: skip
    page = Page.from_dict(data)
    assert page.add("documents", start=1, end=2).id != "d2"


def test_to_json_never_writes_nan() -> None:
    page = Page(text="abc")
    page.add("techniques", start=0, end=1, technique="Doubt", score=float("nan"))
    try:
        out = page.to_json()
    except (PresslensError, ValueError):
        return  # refusing to write it is fine
    json.loads(out, parse_constant=_refuse_constant)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


# --- the JSON Schema --------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    schema = contract.load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"] == {"const": SCHEMA}


def test_schema_ships_in_the_package() -> None:
    assert contract.SCHEMA_PATH.is_file()
    assert json.loads(contract.SCHEMA_PATH.read_text(encoding="utf-8")) == contract.load_schema()
    schema = contract.load_schema()
    schema["title"] = "changed"
    assert contract.load_schema()["title"] != "changed"


def _item_def(schema: dict[str, Any], layer: str) -> dict[str, Any]:
    ref = schema["properties"][layer]["items"]["$ref"]
    return schema["$defs"][ref.rsplit("/", 1)[1]]


def _def(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return schema["$defs"][schema["properties"][name]["$ref"].rsplit("/", 1)[1]]


def test_schema_matches_the_page_model() -> None:
    """Every field page.py emits is in the schema, required, and strict: the two cannot drift."""
    schema = contract.load_schema()
    top = Page(text="").to_dict()
    assert set(schema["properties"]) == set(schema["required"]) == set(top)
    assert schema["additionalProperties"] is False
    for name, kind in [("source", Source), ("metadata", Metadata)]:
        node = _def(schema, name)
        assert set(node["properties"]) == set(node["required"]) == {f.name for f in fields(kind)}
        assert node["additionalProperties"] is False
    for layer, kind in LAYERS.items():
        node = _item_def(schema, layer)
        assert set(node["properties"]) == set(node["required"]) == {f.name for f in fields(kind)}, layer
        assert node["additionalProperties"] is False
        assert node["properties"]["id"]["pattern"] == f"^{kind.prefix}[0-9]+$"
    assert set(_def(schema, "comparison")["required"]) == set(top["comparison"])


def test_schema_lists_the_14_semeval_techniques() -> None:
    labels = _item_def(contract.load_schema(), "techniques")["properties"]["technique"]["enum"]
    assert len(labels) == len(set(labels)) == 14
    assert {"Loaded_Language", "Name_Calling,Labeling", "Bandwagon,Reductio_ad_hitlerum"} <= set(labels)


def test_full_page_validates(valid_analysis: Callable[..., dict[str, Any]]) -> None:
    page = full_page()
    contract.validate(page.to_dict())
    valid_analysis(page.to_json())
    valid_analysis(page.to_json(indent=2))
    valid_analysis(page)


def test_analyze_text_output_validates(valid_analysis: Callable[..., dict[str, Any]]) -> None:
    valid_analysis(analyze_text("Officials said 👍🏽 at least 1,200 people were hurt.\n\nThe ministry denied it."))
    html = "<html><head><title>T</title></head><body><article><h1>Report</h1><p>" + "Words of the report. " * 20
    valid_analysis(analyze_text(html + "</p></article></body></html>", html=True, url="https://example.org/r"))


def test_minimal_page_validates() -> None:
    contract.validate(Page(text="").to_dict())


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``path`` ("techniques.0.score") to ``value``."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for part in parents:
            node = node[part]
        node[last] = value

    return mutate


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for part in parents:
            node = node[part]
        del node[last]

    return mutate


BROKEN = {
    # schema
    "technique-label": (_set("techniques.0.technique", "Loaded Language"), "$.techniques[0].technique"),
    "technique-label-case": (_set("techniques.0.technique", "loaded_language"), "$.techniques[0].technique"),
    "score-1.5": (_set("techniques.0.score", 1.5), "$.techniques[0].score"),
    "score-negative": (_set("techniques.0.score", -0.1), "$.techniques[0].score"),
    "score-string": (_set("techniques.0.score", "0.5"), "$.techniques[0].score"),
    "document-id-pattern": (_set("documents.0.id", "doc1"), "$.documents[0].id"),
    "technique-id-prefix": (_set("techniques.1.id", "d2"), "$.techniques[1].id"),
    "claim-id-suffix": (_set("claims.0.id", "c1a"), "$.claims[0].id"),
    "document-ref-pattern": (_set("quotes.0.document", "1"), "$.quotes[0].document"),
    "responds-to-pattern": (_set("claims.1.responds_to", "q1"), "$.claims[1].responds_to"),
    "qualifier": (_set("figures.0.qualifier", "roughly"), "$.figures[0].qualifier"),
    "stance": (_set("claims.0.stance", "denies"), "$.claims[0].stance"),
    "direct-string": (_set("quotes.0.direct", "yes"), "$.quotes[0].direct"),
    "occurrences-0": (_set("boilerplate.0.occurrences", 0), "$.boilerplate[0].occurrences"),
    "boilerplate-span-triple": (_set("boilerplate.0.spans", [[0, 1, 2]]), "$.boilerplate[0].spans[0]"),
    "sha256-upper": (_set("source.sha256", "AB" * 32), "$.source.sha256"),
    "sha256-short": (_set("source.sha256", "ab"), "$.source.sha256"),
    "offset-negative": (_set("documents.0.start", -1), "$.documents[0].start"),
    "offset-float": (_set("documents.0.start", 1.0), "$.documents[0].start"),
    "offset-bool": (_set("documents.0.start", True), "$.documents[0].start"),
    "speaker-offset-string": (_set("quotes.0.speaker_start", "1"), "$.quotes[0].speaker_start"),
    "schema": (_set("schema", "presslens.analysis/2"), "$.schema"),
    "text-null": (_set("text", None), "$.text"),
    "unknown-top-level": (_set("techniqes", []), "$"),
    "unknown-item-field": (_set("figures.0.units", "people"), "$.figures[0]"),
    "unknown-source-field": (_set("source.size", 1), "$.source"),
    "missing-item-field": (_drop("quotes.1.cue"), "$.quotes[1]"),
    "missing-layer": (_drop("claims"), "$"),
    "missing-comparison-key": (_drop("comparison.quote_groups"), "$.comparison"),
    "figure-group-ref-pattern": (_set("comparison.figure_groups.0.figures", ["q1"]), "$.comparison.figure_groups[0].figures[0]"),
    "shared-passage-pair": (_set("comparison.shared_passages.0.spans", [["d1", 0]]), "$.comparison.shared_passages[0].spans[0]"),
    # semantic checks
    "missing-document": (_set("techniques.0.document", "d9"), "$.techniques[0].document"),
    "missing-claim": (_set("claims.1.responds_to", "c7"), "$.claims[1].responds_to"),
    "self-response": (_set("claims.1.responds_to", "c2"), "$.claims[1].responds_to"),
    "end-beyond-text": (_set("documents.1.end", len(TEXT) + 1), "$.documents[1]"),
    "start-after-end": (_set("figures.1.start", 10**6), "$.figures[1]"),
    "boilerplate-span-beyond-text": (_set("boilerplate.0.spans.1", [0, len(TEXT) + 1]), "$.boilerplate[0].spans[1]"),
    "speaker-beyond-text": (_set("quotes.0.speaker_end", len(TEXT) + 1), "$.quotes[0]"),
    "speaker-half-null": (_set("quotes.0.speaker_end", None), "$.quotes[0]"),
    "duplicate-id": (_set("techniques.1.id", "t1"), "$.techniques[1].id"),
    "score-nan": (_set("techniques.0.score", float("nan")), "$.techniques[0].score"),
    "value-infinite": (_set("figures.0.value", float("inf")), "$.figures[0].value"),
    "figure-group-missing-figure": (
        _set("comparison.figure_groups.0.figures", ["f1", "f3"]),
        "$.comparison.figure_groups[0].figures[1]",
    ),
    "quote-group-missing-quote": (_set("comparison.quote_groups.0.quotes", ["q5"]), "$.comparison.quote_groups[0].quotes[0]"),
    "shared-passage-missing-document": (
        _set("comparison.shared_passages.0.spans.1.0", "d3"),
        "$.comparison.shared_passages[0].spans[1]",
    ),
    "shared-passage-beyond-text": (
        _set("comparison.shared_passages.0.spans.0.2", len(TEXT) + 1),
        "$.comparison.shared_passages[0].spans[0]",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_validate_rejects_broken_objects(name: str) -> None:
    mutate, path = BROKEN[name]
    data = full_page().to_dict()
    contract.validate(copy.deepcopy(data))
    mutate(data)
    error = rejects(BAD_CONTRACT, lambda: contract.validate(data))
    assert error.message.startswith(f"{path}: "), error.message


def test_validate_message_names_path_and_problem() -> None:
    data = full_page().to_dict()
    data["techniques"][0]["score"] = 1.5
    error = rejects(BAD_CONTRACT, lambda: contract.validate(data))
    assert error.message == "$.techniques[0].score: 1.5 is greater than the maximum of 1"


def _no_speaker_offsets(data: dict[str, Any]) -> None:
    data["quotes"][0].update(speaker_start=None, speaker_end=None)


@pytest.mark.parametrize(
    "mutate",
    [
        _set("comparison.method", {"any": "thing"}),
        _set("comparison.figure_groups.0.note", "extra keys are allowed in comparison objects"),
        _set("comparison.figure_groups.0.consistent", None),
        _set("source.sha256", ""),
        _set("techniques.0.document", None),
        _set("figures.0.value", None),
        _set("figures.0.value", 3),
        _set("techniques.0.score", 0),
        _no_speaker_offsets,
    ],
)
def test_validate_accepts_what_the_contract_allows(mutate: Callable[[dict[str, Any]], Any]) -> None:
    data = full_page().to_dict()
    mutate(data)
    contract.validate(data)


@pytest.mark.parametrize("obj", [[], "text", None, 1])
def test_validate_rejects_non_objects(obj: Any) -> None:
    error = rejects(BAD_CONTRACT, lambda: contract.validate(obj))
    assert error.message.startswith("$: ")


def test_validate_needs_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    contract._validator.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # makes `import jsonschema` fail
    try:
        error = rejects(BAD_CONTRACT, lambda: contract.validate(full_page().to_dict()))
        assert error.message == "install jsonschema to validate"
    finally:
        monkeypatch.undo()
        contract._validator.cache_clear()
    contract.validate(full_page().to_dict())


def test_valid_analysis_fixture_fails_with_an_assertion(valid_analysis: Callable[..., dict[str, Any]]) -> None:
    page = Page(text="abc")
    assert valid_analysis(page.to_json()) == page.to_dict()
    with pytest.raises(AssertionError, match=r"\$\.schema"):
        valid_analysis({**page.to_dict(), "schema": "x"})
    with pytest.raises(AssertionError, match="not strict JSON"):
        valid_analysis(page.to_json() + "{")
    page.add("techniques", start=0, end=1, technique="Doubt", score=float("nan"))
    with pytest.raises(AssertionError, match="not strict JSON"):
        valid_analysis(json.dumps(page.to_dict()))


# --- docs/schema.md ---------------------------------------------------------------------------


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def test_docs_describe_every_schema_property() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    names = _property_names(contract.load_schema())
    assert len(names) > 40
    missing = sorted(name for name in names if f"`{name}`" not in docs)
    assert not missing, f"docs/schema.md does not describe {missing}"


def test_docs_list_every_technique_and_enum_value() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    schema = contract.load_schema()
    values = _item_def(schema, "techniques")["properties"]["technique"]["enum"]
    values += [v for v in _item_def(schema, "figures")["properties"]["qualifier"]["enum"] if v]
    values += _item_def(schema, "claims")["properties"]["stance"]["enum"]
    missing = [value for value in values if f"`{value}`" not in docs]
    assert not missing, f"docs/schema.md does not list {missing}"


def test_docs_example_is_a_valid_analysis(valid_analysis: Callable[..., dict[str, Any]]) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", docs, re.S)]
    examples = [block for block in blocks if isinstance(block, dict) and block.get("schema") == SCHEMA]
    assert examples, "docs/schema.md has no full example"
    for example in examples:
        valid_analysis(example)
        page = Page.from_dict(example)
        assert page.to_dict() == example
        assert all(page.layers[name] for name in LAYERS), "the example should fill every layer"

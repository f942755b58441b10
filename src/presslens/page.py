"""The Page: one clean text and layers of character-offset spans over it.

As in spaCy's ``Doc``, the page owns the text and every annotation is a ``(start, end)`` view
into it (end exclusive), never a copy that can drift. Stages add layers; nothing edits the text
after extraction. ``to_json``/``from_json`` implement the ``presslens.analysis/1`` contract.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from presslens.errors import BAD_CONTRACT, BAD_SPAN, PresslensError

SCHEMA = "presslens.analysis/1"


@dataclass
class Source:
    """Where a page came from. ``record`` locates it inside a container (JSONL line, WARC record)."""

    path: str | None = None
    url: str | None = None
    media_type: str = "text/plain"
    sha256: str = ""
    encoding: str | None = None
    record: str | None = None


@dataclass
class Metadata:
    """Page-level metadata stated by the input itself (HTML meta tags, feed entries)."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None


@dataclass
class Span:
    """Base of every layer item: an id and character offsets into ``Page.text``."""

    id: str
    start: int
    end: int

    prefix: ClassVar[str] = "s"


@dataclass
class Boilerplate(Span):
    """A repeated string (pasted headline, "Link to the source"); start/end is its first occurrence."""

    occurrences: int = 1
    spans: list[list[int]] = field(default_factory=list)

    prefix: ClassVar[str] = "b"


@dataclass
class Document(Span):
    """One report inside the page, with the metadata the page states for it."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None

    prefix: ClassVar[str] = "d"


@dataclass
class Technique(Span):
    """A span using a SemEval-2020 Task 11 persuasion technique."""

    document: str | None = None
    technique: str = ""
    score: float = 0.0

    prefix: ClassVar[str] = "t"


@dataclass
class Quote(Span):
    """Words attributed to a speaker; ``direct`` is false for indirect speech."""

    document: str | None = None
    direct: bool = True
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None

    prefix: ClassVar[str] = "q"


@dataclass
class Figure(Span):
    """A number the text gives, with what it counts."""

    document: str | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    about: str | None = None
    value_max: float | None = None  # the upper end of a range ("between 200 and 300")

    prefix: ClassVar[str] = "f"


@dataclass
class Claim(Span):
    """A check-worthy assertion or a denial (``stance`` = "deny", ``responds_to`` a claim id)."""

    document: str | None = None
    claimant: str | None = None
    stance: str = "assert"
    responds_to: str | None = None

    prefix: ClassVar[str] = "c"


# Layer name -> item type, in contract order. The one place that knows the layers.
LAYERS: dict[str, type[Span]] = {
    "boilerplate": Boilerplate,
    "documents": Document,
    "techniques": Technique,
    "quotes": Quote,
    "figures": Figure,
    "claims": Claim,
}


_TOP_LEVEL = {"schema", "source", "metadata", "text", "comparison", *LAYERS}


def _empty_comparison() -> dict[str, Any]:
    return {"figure_groups": [], "quote_groups": [], "shared_passages": []}


@dataclass
class Page:
    """The clean text of one input and every annotation over it."""

    text: str
    source: Source = field(default_factory=Source)
    metadata: Metadata = field(default_factory=Metadata)
    layers: dict[str, list[Span]] = field(default_factory=lambda: {name: [] for name in LAYERS})
    comparison: dict[str, Any] = field(default_factory=_empty_comparison)
    # Layers some stage has filled (an empty layer can still be "done"); not part of the JSON.
    done: set[str] = field(default_factory=set, compare=False, repr=False)

    @property
    def documents(self) -> list[Document]:
        return self.layers["documents"]  # type: ignore[return-value]

    def reports(self) -> list[tuple[str | None, int, int]]:
        """(document id, start, end) of each report, or the whole text when none was found: what
        the per-report stages read one at a time."""
        return [(d.id, d.start, d.end) for d in self.documents] or [(None, 0, len(self.text))]

    @property
    def boilerplate(self) -> list[Boilerplate]:
        return self.layers["boilerplate"]  # type: ignore[return-value]

    def check_span(self, start: int, end: int) -> None:
        """Raise ``BAD_SPAN`` unless ``0 <= start <= end <= len(text)``: the one offset check."""
        ints = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
        if not (ints and 0 <= start <= end <= len(self.text)):
            raise PresslensError(BAD_SPAN, f"span ({start}, {end}) does not fit a text of {len(self.text)} characters")

    def span_text(self, span: Span) -> str:
        """The exact annotated string, ``text[start:end]``."""
        self.check_span(span.start, span.end)
        return self.text[span.start : span.end]

    def add(self, layer: str, **values: Any) -> Span:
        """Add an item to ``layer`` with the next free id, after checking its offsets."""
        kind = LAYERS[layer]
        items = self.layers[layer]
        used = [int(item.id[len(kind.prefix) :]) for item in items if item.id[len(kind.prefix) :].isdigit()]
        item = kind(id=f"{kind.prefix}{max(used, default=0) + 1}", **values)
        self._check_item(item)
        items.append(item)
        return item

    def _check_item(self, item: Span) -> None:
        """Every offset an item carries fits the text: its span, a speaker's, each repeat's."""
        self.check_span(item.start, item.end)
        if isinstance(item, Quote) and (item.speaker_start is not None or item.speaker_end is not None):
            self.check_span(item.speaker_start, item.speaker_end)  # type: ignore[arg-type]
        if isinstance(item, Boilerplate):
            for pair in item.spans:
                if len(pair) != 2:
                    raise PresslensError(BAD_SPAN, f"boilerplate span {pair} is not a [start, end] pair")
                self.check_span(*pair)

    # --- the presslens.analysis/1 contract -------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": asdict(self.source),
            "metadata": asdict(self.metadata),
            "text": self.text,
        }
        for name in LAYERS:
            out[name] = [asdict(item) for item in self.layers[name]]
        out["comparison"] = copy.deepcopy(self.comparison)
        return out

    def to_json(self, indent: int | None = None) -> str:
        try:
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)
        except ValueError:
            raise PresslensError(BAD_CONTRACT, "a score or value is NaN or infinite, which JSON cannot carry") from None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise PresslensError(BAD_CONTRACT, f"expected an object with schema {SCHEMA!r}")
        unknown = set(data) - _TOP_LEVEL
        if unknown:
            raise PresslensError(BAD_CONTRACT, f"unknown top-level field(s) {sorted(unknown)}")
        if not isinstance(data.get("text"), str):
            raise PresslensError(BAD_CONTRACT, "text must be a string")
        try:
            page = cls(
                text=data["text"],
                source=Source(**data.get("source", {})),
                metadata=Metadata(**data.get("metadata", {})),
                comparison=copy.deepcopy(data.get("comparison", _empty_comparison())),
            )
            for name, kind in LAYERS.items():
                names = {f.name for f in fields(kind)}
                for raw in data.get(name, []):
                    unknown = set(raw) - names
                    if unknown:
                        raise PresslensError(BAD_CONTRACT, f"unknown field(s) {sorted(unknown)} in {name}")
                    item = kind(**raw)
                    page._check_item(item)
                    page.layers[name].append(item)
                if name in data:
                    page.done.add(name)
        except (KeyError, TypeError) as exc:
            raise PresslensError(BAD_CONTRACT, f"malformed analysis object: {exc}") from None
        return page

    @classmethod
    def from_json(cls, text: str) -> Page:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PresslensError(BAD_CONTRACT, f"not JSON: {exc.msg} at line {exc.lineno}") from None
        return cls.from_dict(data)

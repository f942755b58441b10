"""Shared helpers for the benchmark scripts: shingle scores, evaluation sets, timing, tables.

The scores follow the ScrapingHub article-extraction-benchmark (``evaluate.py`` in
github.com/scrapinghub/article-extraction-benchmark), so figures here can be compared with its
published tables:

* tokens are ``re.findall(r"\\w+", text)`` -- the benchmark compiles the pattern with
  ``re.IGNORECASE``, which changes nothing for ``\\w``, and it does **not** lowercase, so
  tokens keep their case and "Council" and "council" are different tokens;
* shingles are runs of 4 consecutive tokens, counted as a multiset; a text of fewer than 4
  tokens is one short shingle, an empty text has none;
* per page, tp/fp/fn are the multiset overlap, excess and shortfall, then divided by their sum
  (so a long page does not weigh more than a short one); precision is 1 when fp == fn == 0
  (both texts empty, or identical) and 0 when tp == fp == 0 (nothing predicted), and recall
  likewise;
* over a set, P is the mean precision over the pages where something was predicted
  (tp + fp > 0), R the mean recall over the pages with gold text (tp + fn > 0), and
  F1 = 2PR / (P + R) -- the harmonic mean of the means, not the mean of per-page F1s.
"""

from __future__ import annotations

import json
import re
import resource
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "news-html"

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str | None) -> list[str]:
    """The benchmark's tokens: runs of word characters, case kept."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token shingles; a text shorter than ``n`` tokens is one short shingle."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


@dataclass(frozen=True)
class Match:
    """Normalised tp/fp/fn of one page (they sum to 1, or are all 0 when both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def predicted(self) -> bool:
        """Whether this page counts towards mean precision (something was predicted)."""
        return self.tp + self.fp > 0

    @property
    def has_gold(self) -> bool:
        """Whether this page counts towards mean recall (the gold text is not empty)."""
        return self.tp + self.fn > 0


def shingle_match(pred: str | None, gold: str | None, n: int = 4) -> Match:
    """tp/fp/fn of ``pred`` against ``gold`` over ``n``-token shingles, normalised per page."""
    p, g = shingles(pred, n), shingles(gold, n)
    tp = float(sum((p & g).values()))
    fp = float(sum((p - g).values()))
    fn = float(sum((g - p).values()))
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return Match(tp, fp, fn)


def shingle_f1(pred: str | None, gold: str | None, n: int = 4) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` of one page, as the benchmark scores it."""
    m = shingle_match(pred, gold, n)
    return m.precision, m.recall, m.f1


def token_accuracy(pred: str | None, gold: str | None) -> float:
    """The benchmark's "accuracy": 1.0 when the token sequences are identical, else 0.0."""
    return float(tokenize(pred) == tokenize(gold))


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    mean_page_f1: float
    accuracy: float


def corpus_scores(matches: Sequence[Match], accuracies: Sequence[float] = ()) -> Scores:
    """Set-level scores with the benchmark's aggregation (see the module docstring)."""
    ps = [m.precision for m in matches if m.predicted]
    rs = [m.recall for m in matches if m.has_gold]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    page_f1 = statistics.mean(m.f1 for m in matches) if matches else 0.0
    acc = statistics.mean(accuracies) if accuracies else 0.0
    return Scores(p, r, f1, page_f1, acc)


# --- evaluation sets -------------------------------------------------------------------------


@dataclass
class Case:
    """One page of an evaluation set: ``NAME.html``, ``NAME.gold.txt``, optional ``NAME.meta.json``."""

    name: str
    html_path: Path
    gold: str
    meta: dict[str, str | None] | None = None
    html: str = field(default="", repr=False)


def load_cases(folder: Path | str) -> list[Case]:
    """Every ``NAME.html`` in ``folder`` that has a ``NAME.gold.txt`` beside it, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"no such folder: {folder}")
    cases = []
    for html_path in sorted(folder.glob("*.html")):
        name = html_path.name[: -len(".html")]
        gold_path = folder / f"{name}.gold.txt"
        if not gold_path.exists():
            print(f"warning: {html_path.name} has no {gold_path.name}; skipped", file=sys.stderr)
            continue
        meta_path = folder / f"{name}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
        cases.append(Case(name, html_path, gold_path.read_text(encoding="utf-8"), meta, read_html(html_path)))
    if not cases:
        raise SystemExit(f"no NAME.html + NAME.gold.txt pairs in {folder}")
    return cases


_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def read_html(path: Path) -> str:
    """A page's text, decoded the way presslens decodes HTML files (so both extractors see the same str)."""
    from presslens.ingest.decode import decode

    raw = path.read_bytes()
    charset = _CHARSET.search(raw[:4096])
    text, _ = decode(raw, charset.group(1).decode("ascii", "ignore") if charset else None)
    return text


# --- metadata comparison ---------------------------------------------------------------------

META_FIELDS = ("title", "author", "published", "site_name")


def norm_field(value: str | None) -> str:
    """Whitespace collapsed, case folded, NFC: what "the same value" means for metadata."""
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


_NAME_SEP = re.compile(r"\s*(?:;|,|&|\band\b)\s*", re.I)


def same_field(name: str, expected: str | None, got: str | None) -> bool:
    """Exact match after normalising; dates compare as YYYY-MM-DD, authors as a set of names."""
    if name == "published":
        return (expected or "")[:10] == (got or "")[:10]
    if name == "author":
        split = lambda v: {n for n in (norm_field(x) for x in _NAME_SEP.split(v or "")) if n}  # noqa: E731
        return split(expected) == split(got)
    return norm_field(expected) == norm_field(got)


# --- timing and memory -----------------------------------------------------------------------


class Timer:
    """``with Timer() as t: ...`` then ``t.seconds`` (wall clock, perf_counter)."""

    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (``ru_maxrss``: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# --- output ----------------------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, file=None) -> None:
    """A plain fixed-width table; floats print with 3 decimals, numbers align right."""
    out = file or sys.stdout

    def cell(v: object) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    body = [[cell(v) for v in row] for row in rows]
    raw_rows = [list(r) for r in body]
    widths = [max([len(h)] + [len(r[i]) for r in raw_rows]) for i, h in enumerate(headers)]
    numeric = [all(_looks_numeric(r[i]) for r in raw_rows) and raw_rows for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    print(line(list(headers)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in raw_rows:
        print(line(r), file=out)


def _looks_numeric(s: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d.,]+[%x]?|-", s))

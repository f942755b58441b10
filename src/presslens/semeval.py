"""SemEval-2020 Task 11 formats and scorer, so results compare with the literature.

Formats (tab-separated, one span a line): span identification (SI) ``id<TAB>start<TAB>end``;
technique classification (TC) ``id<TAB>technique<TAB>start<TAB>end``; a TC template has ``?``
in place of the technique. Articles are ``article<ID>.txt``, read exactly as stored (UTF-8,
offsets in characters, no newline translation).

Metrics, as the task defines them:

- SI: per article, overlapping spans are merged (gold and predicted separately); then
  ``P = sum_s sum_t |s∩t|/|s| / |S|`` and ``R = sum_s sum_t |s∩t|/|t| / |T|`` over all
  articles, with ``|S|``, ``|T|`` the numbers of predicted and gold spans; F1 their harmonic mean.
- TC: micro-F1 of labels on spans; on identical spans the labels are matched to maximise
  agreement (a multiset intersection).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from presslens.errors import MALFORMED, NOT_FOUND, PresslensError
from presslens.techniques.taxonomy import LABELS

_ARTICLE = re.compile(r"^article(?P<id>\w+)\.txt$")


@dataclass(frozen=True, order=True)
class Span:
    """One labelled span of one article; ``technique`` is None for SI (and "?" in templates)."""

    article: str
    start: int
    end: int
    technique: str | None = None


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int


def read_articles(folder: str | Path) -> dict[str, str]:
    """``{article id: text}`` for every ``article<ID>.txt`` in ``folder``."""
    root = Path(folder)
    if not root.is_dir():
        raise PresslensError(NOT_FOUND, f"no such folder of articles: {folder}")
    articles = {}
    for path in sorted(root.iterdir()):
        m = _ARTICLE.match(path.name)
        if m:
            with path.open(encoding="utf-8", newline="") as handle:  # offsets count \r too
                articles[m.group("id")] = handle.read()
    if not articles:
        raise PresslensError(NOT_FOUND, f"no article<ID>.txt files in {folder}")
    return articles


def read_spans(source: str | Path, *, task: str) -> list[Span]:
    """Spans from a labels file, or from every ``*.labels`` file of a folder.

    ``task`` is ``"si"`` (3 columns, or a TC file's 4 with the labels ignored) or ``"tc"``
    (4 columns; a technique or ``?``).
    """
    path = Path(source)
    if path.is_dir():
        files = sorted(path.glob("*.labels"))
    elif path.is_file():
        files = [path]
    else:
        raise PresslensError(NOT_FOUND, f"no such labels file or folder: {source}")
    spans: list[Span] = []
    for file in files:
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                spans.append(_parse(line, task, f"{file.name}:{n}"))
    return spans


def _parse(line: str, task: str, where: str) -> Span:
    cols = line.rstrip("\n").split("\t")
    try:
        if task == "si" and len(cols) == 3:
            return _checked(Span(cols[0], int(cols[1]), int(cols[2])), where)
        if task == "si" and len(cols) == 4:  # TC labels serve as SI gold: the spans, labels set aside
            return _checked(Span(cols[0], int(cols[2]), int(cols[3])), where)
        if task == "tc" and len(cols) == 4:
            label = cols[1]
            if label != "?" and label not in LABELS:
                raise PresslensError(MALFORMED, f"{where}: unknown technique {label!r}")
            return _checked(Span(cols[0], int(cols[2]), int(cols[3]), label), where)
    except ValueError:
        pass
    expected = "id<TAB>start<TAB>end" if task == "si" else "id<TAB>technique<TAB>start<TAB>end"
    raise PresslensError(MALFORMED, f"{where}: expected {expected}, got {line[:60]!r}")


def _checked(span: Span, where: str) -> Span:
    if not 0 <= span.start < span.end:
        raise PresslensError(MALFORMED, f"{where}: span {span.start}-{span.end} is empty or negative")
    return span


def write_spans(spans: Iterable[Span], path: str | Path, *, task: str) -> int:
    """Write spans in the task's format, sorted by article and offset; return how many."""
    rows = sorted(spans)
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for s in rows:
            if task == "si":
                handle.write(f"{s.article}\t{s.start}\t{s.end}\n")
            else:
                handle.write(f"{s.article}\t{s.technique}\t{s.start}\t{s.end}\n")
    return len(rows)


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged into one, as the SI scorer does per article (touching spans,
    which share no character, stay apart)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def score_si(gold: Iterable[Span], predicted: Iterable[Span]) -> Scores:
    """Span identification precision, recall and F1 with the task's overlap credit."""
    gold_by, pred_by = _by_article(gold), _by_article(predicted)
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article in set(gold_by) | set(pred_by):
        g = merge(gold_by.get(article, []))
        p = merge(pred_by.get(article, []))
        n_gold += len(g)
        n_pred += len(p)
        for ps, pe in p:
            for gs, ge in g:
                overlap = min(pe, ge) - max(ps, gs)
                if overlap > 0:
                    p_sum += overlap / (pe - ps)
                    r_sum += overlap / (ge - gs)
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    return Scores(precision, recall, _f1(precision, recall), n_pred, n_gold)


def _by_article(spans: Iterable[Span]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in spans:
        out[s.article].append((s.start, s.end))
    return out


def score_tc(gold: Iterable[Span], predicted: Iterable[Span]) -> tuple[Scores, dict[str, Scores]]:
    """Micro-averaged technique classification scores, and scores per technique."""
    gold_at, pred_at = _labels_at(gold), _labels_at(predicted)
    hits: Counter[str] = Counter()
    for key in set(gold_at) & set(pred_at):
        hits.update(gold_at[key] & pred_at[key])
    gold_n = sum((c for c in gold_at.values()), Counter())
    pred_n = sum((c for c in pred_at.values()), Counter())
    total_hit, total_pred, total_gold = sum(hits.values()), sum(pred_n.values()), sum(gold_n.values())
    micro = _scores(total_hit, total_pred, total_gold)
    per = {label: _scores(hits[label], pred_n[label], gold_n[label]) for label in LABELS}
    return micro, per


def _labels_at(spans: Iterable[Span]) -> dict[tuple[str, int, int], Counter[str]]:
    out: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for s in spans:
        out[(s.article, s.start, s.end)][s.technique or "?"] += 1
    return out


def _scores(hit: int, pred: int, gold: int) -> Scores:
    precision = hit / pred if pred else 0.0
    recall = hit / gold if gold else 0.0
    return Scores(precision, recall, _f1(precision, recall), pred, gold)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0

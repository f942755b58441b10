"""The Propaganda Techniques Corpus as training data: articles, gold spans, sentences, splits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from presslens.semeval import Span, read_articles, read_spans


@dataclass
class Article:
    """One article: its text and its gold spans (technique labels, or None for SI only)."""

    id: str
    text: str
    spans: list[Span] = field(default_factory=list)


def load(folder: str | Path, split: str) -> list[Article]:
    """Articles of ``split`` ("train" or "dev") from a PTC folder, with their technique spans.

    Reads ``{split}-articles/`` and ``{split}-task-flc-tc.labels`` (or the per-article folder).
    """
    root = Path(folder)
    texts = read_articles(root / f"{split}-articles")
    labels = root / f"{split}-task-flc-tc.labels"
    spans = read_spans(labels if labels.exists() else root / f"{split}-labels-task-flc-tc", task="tc")
    by_article: dict[str, list[Span]] = {}
    for span in spans:
        by_article.setdefault(span.article, []).append(span)
    return [Article(aid, text, sorted(by_article.get(aid, []))) for aid, text in sorted(texts.items())]


def holdout_split(articles: list[Article], share: float, seed: int) -> tuple[list[Article], list[Article]]:
    """(fit, holdout): a stable share of articles held out for tuning thresholds and calibration.

    Chosen by a seeded hash of the article id, so the split is the same on every machine.
    """

    def key(a: Article) -> str:
        return hashlib.sha256(f"{seed}:{a.id}".encode()).hexdigest()

    ranked = sorted(articles, key=key)
    cut = round(len(ranked) * share)
    return sorted(ranked[cut:], key=lambda a: a.id), sorted(ranked[:cut], key=lambda a: a.id)

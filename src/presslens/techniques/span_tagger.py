"""Span identification (SI): which characters of a text use any persuasion technique.

A token classifier (LoRA on a pinned encoder) reads each sentence and scores every token. Scores
become spans by hysteresis: a span starts where a score passes the decision threshold and extends
over neighbours above a lower one; short gaps are closed, spans are widened to whole words, and
fragments too short to be a technique are dropped. The thresholds are chosen on held-out training
articles (only 13% of tokens are inside spans, so argmax under-predicts); see
``ensemble.SpanEnsemble``, which averages several taggers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.techniques.corpus import Article
from presslens.techniques.finetune import (
    FitConfig,
    build,
    engine_for,
    length_batches,
    save_adapters,
    seed_everything,
    steps,
    tokens_for,
    train_loop,
)
from presslens.techniques.runtime import Engine, Tokens, TorchEngine, run_rows, softmax


@dataclass(frozen=True)
class Decoding:
    """How token scores become spans. ``threshold``: the score a span needs somewhere to start;
    ``extend``: the score its other tokens need (None: the threshold); ``gap``: largest gap
    (characters) closed inside a span; ``min_chars``: shortest span kept."""

    threshold: float = 0.5
    gap: int = 3
    min_chars: int = 3
    extend: float | None = None


@dataclass
class ScoredSpan:
    start: int
    end: int
    score: float


@dataclass
class SpanTagger:
    """Token-level span identifier: ``fit(articles)``, then ``predict(texts)``.

    Parameters
    ----------
    config: training settings (encoder, epochs, LoRA rank, seed...).
    positive_weight: loss weight of in-span tokens, against 1 for the others.
    """

    config: FitConfig = field(default_factory=FitConfig)
    positive_weight: float = 2.0

    model_: Any = None  # the torch network, while training
    tokens_: Tokens | None = None
    engine_: Engine | None = None

    # --- training -------------------------------------------------------------------------

    def fit(self, articles: Sequence[Article], progress: Callable[[int, int, float], None] | None = None) -> SpanTagger:
        import torch

        seed_everything(self.config.seed)
        self.tokens_, self.model_ = tokens_for(self.config), build("token", self.config, 2)
        examples = [ex for a in articles for ex in self._encode(a.text, _gold_chars(a))]
        rng = random.Random(self.config.seed)
        weight = torch.tensor([1.0, self.positive_weight])
        loss = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=-100)

        def batches(epoch: int):
            for idx in length_batches([len(e["input_ids"]) for e in examples], self.config.batch_size, rng):
                yield self._collate([examples[i] for i in idx])

        train_loop(
            self.model_, batches, steps(len(examples), self.config.batch_size),
            lambda logits, y: loss(logits.view(-1, 2), y.view(-1)), self.config, progress,
        )  # fmt: skip
        self.engine_ = TorchEngine(self.model_)
        return self

    # --- inference ------------------------------------------------------------------------

    def token_scores(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, probability of being inside a span) for every token of ``text``, in order."""
        examples = self._encode(text, None)
        out: list[tuple[int, int, float]] = []
        logits = run_rows(self.engine_, self.tokens_, [e["input_ids"] for e in examples])
        for ex, row in zip(examples, logits, strict=True):
            out += [(s, e, p) for (s, e), p in zip(ex["offsets"], softmax(row)[:, 1].tolist(), strict=True) if e > s]
        return sorted(out)

    # --- encoding -------------------------------------------------------------------------

    def _encode(self, text: str, gold: set[int] | None) -> list[dict]:
        """One example per sentence (long ones windowed), with character offsets per token."""
        examples = []
        for start, end in _sentences(text):
            for ids, offsets in self.tokens_.windows(text[start:end], self.config.max_length, stride=32):
                absolute = [(s + start, e + start) if e > s else (0, 0) for s, e in offsets]
                ex = {"input_ids": ids, "offsets": absolute}
                if gold is not None:
                    ex["labels"] = [-100 if e <= s else int(any(c in gold for c in range(s, e))) for s, e in absolute]
                examples.append(ex)
        return examples

    def _collate(self, examples: list[dict]) -> tuple[dict, Any]:
        import torch

        inputs = {k: torch.from_numpy(v) for k, v in self.tokens_.pad([e["input_ids"] for e in examples]).items()}
        width = inputs["input_ids"].shape[1]
        labels = torch.tensor([e["labels"] + [-100] * (width - len(e["labels"])) for e in examples])
        return inputs, labels

    # --- persistence ----------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        save_adapters(self.model_, folder)

    @classmethod
    def load(cls, folder: Path, config: FitConfig, engine: str = "torch") -> SpanTagger:
        tagger = cls(config=config)
        tagger.tokens_, tagger.engine_ = tokens_for(config), engine_for("token", config, 2, folder, engine)
        return tagger


def decode(text: str, tokens: Sequence[tuple[int, int, float]], decoding: Decoding) -> list[ScoredSpan]:
    """Spans from token (or word) scores, in order: runs above ``extend`` that reach the
    threshold somewhere, gaps closed, widened to whole words; scored by their mean."""
    extend = decoding.threshold if decoding.extend is None else min(decoding.extend, decoding.threshold)
    runs: list[list[float]] = []  # start, end, score sum, token count, highest score
    for start, end, p in tokens:
        if p < extend:
            continue
        if runs and start - runs[-1][1] <= decoding.gap and "\n" not in text[int(runs[-1][1]) : start]:
            run = runs[-1]
            run[1], run[2], run[3], run[4] = end, run[2] + p, run[3] + 1, max(run[4], p)
        else:
            runs.append([start, end, p, 1, p])
    out = []
    for start, end, total, n, top in runs:
        s, e = _widen(text, int(start), int(end))
        if top >= decoding.threshold and e - s >= decoding.min_chars:
            out.append(ScoredSpan(s, e, total / n))
    return out


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """To the start of the first word and the end of the last (sub-word tokens cut words)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _sentences(text: str) -> list[tuple[int, int]]:
    """Each non-empty line (the corpus keeps one sentence a line; long lines are windowed later)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out


def _gold_chars(article: Article) -> set[int]:
    return {c for s in article.spans for c in range(s.start, s.end)}

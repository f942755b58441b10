"""Technique classification (TC): which of the 14 techniques a given span uses.

A sequence classifier (LoRA on a pinned encoder) reads the span and its sentence with the span
marked, trained with class weights so that rare techniques are predicted at all. Two corpus
facts are added after the model: a span whose words recur elsewhere in the article is what the
Repetition label mostly means, and the same span annotated twice carries two different labels.
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
    class_weights,
    engine_for,
    length_batches,
    save_adapters,
    seed_everything,
    steps,
    tokens_for,
    train_loop,
)
from presslens.techniques.runtime import Engine, Tokens, TorchEngine, by_length, softmax
from presslens.techniques.taxonomy import LABELS

REPETITION = LABELS.index("Repetition")


@dataclass
class TechniqueClassifier:
    """Span-level technique classifier: ``fit(articles)``, then ``predict_proba(text, spans)``.

    Parameters
    ----------
    config: training settings (encoder, epochs, LoRA rank, seed...).
    weight_power: class weights are inverse frequency to this power (0: none, 0.5: square root).
    repetition_boost: added to the Repetition probability of a span that recurs in its article
        (then renormalised); 0 turns the rule off.
    """

    config: FitConfig = field(default_factory=FitConfig)
    weight_power: float = 0.5
    repetition_boost: float = 0.3

    model_: Any = None  # the torch network, while training
    tokens_: Tokens | None = None
    engine_: Engine | None = None

    def fit(self, articles: Sequence[Article], progress: Callable[[int, int, float], None] | None = None) -> TechniqueClassifier:
        import torch

        seed_everything(self.config.seed)
        self.tokens_, self.model_ = tokens_for(self.config), build("sequence", self.config, len(LABELS))
        pairs = [(a.text, s.start, s.end) for a in articles for s in a.spans]
        labels = [LABELS.index(s.technique) for a in articles for s in a.spans]
        encoded = self._encode(pairs)
        weights = torch.tensor(class_weights(labels, len(LABELS), self.weight_power), dtype=torch.float)
        loss = torch.nn.CrossEntropyLoss(weight=weights)
        rng = random.Random(self.config.seed)

        def batches(epoch: int):
            for idx in length_batches([len(ids) for ids, _ in encoded], self.config.batch_size, rng):
                inputs = {k: torch.from_numpy(v) for k, v in self._collate(encoded, idx).items()}
                yield inputs, torch.tensor([labels[i] for i in idx])

        train_loop(self.model_, batches, steps(len(pairs), self.config.batch_size), loss, self.config, progress)
        self.engine_ = TorchEngine(self.model_)
        return self

    def tune(self, articles: Sequence[Article], boosts: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)) -> float:
        """Choose the Repetition boost that maximises TC micro-F1 on ``articles`` (held out from
        fitting) from one pass of the model; return that F1."""
        from presslens.semeval import Span, score_tc

        saved = self.repetition_boost
        self.repetition_boost = 0.0
        raw = [(a, self.predict_proba(a.text, [(s.start, s.end) for s in a.spans])) for a in articles]
        gold = [s for a in articles for s in a.spans]
        best = (-1.0, saved)
        for boost in boosts:
            self.repetition_boost = boost
            pred = []
            for a, probs in raw:
                spans = [(s.start, s.end) for s in a.spans]
                adjusted = [self._repetition(a.text, s, e, p) for (s, e), p in zip(spans, probs, strict=True)]
                labels = _labels_for(spans, adjusted)
                pred += [Span(a.id, s, e, label) for (s, e), (label, _) in zip(spans, labels, strict=True)]
            best = max(best, (score_tc(gold, pred)[0].f1, boost))
        self.repetition_boost = best[1]
        return best[0]

    def predict_proba(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[float]]:
        """Per span, the probability of each label (``LABELS`` order), after the corpus rules."""
        if not spans:
            return []
        encoded = self._encode([(text, s, e) for s, e in spans])
        probs: list[list[float]] = [[] for _ in spans]
        for idx in by_length([len(ids) for ids, _ in encoded], 32):
            for i, row in zip(idx, softmax(self.engine_(self._collate(encoded, idx))).tolist(), strict=True):
                probs[i] = row
        return [self._repetition(text, s, e, p) for (s, e), p in zip(spans, probs, strict=True)]

    def predict(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """(label, probability) per span; a span listed twice gets its two most likely labels."""
        return _labels_for(spans, self.predict_proba(text, spans))

    def _repetition(self, text: str, start: int, end: int, p: list[float]) -> list[float]:
        if self.repetition_boost <= 0 or _occurrences(text, text[start:end]) < 2:
            return p
        p = list(p)
        p[REPETITION] += self.repetition_boost
        total = sum(p)
        return [x / total for x in p]

    def _encode(self, items: list[tuple[str, int, int]]) -> list[tuple[list[int], list[int]]]:
        """The span, then its line with the span marked: (ids, type ids) per item."""
        first, second = [], []
        for text, start, end in items:
            ls = text.rfind("\n", 0, start) + 1
            le = text.find("\n", end)
            le = len(text) if le < 0 else le
            first.append(text[start:end])
            second.append(f"{text[ls:start]} << {text[start:end]} >> {text[end:le]}")
        return self.tokens_.pairs(first, second, self.config.max_length)

    def _collate(self, encoded: list[tuple[list[int], list[int]]], idx: list[int]) -> dict:
        return self.tokens_.pad([encoded[i][0] for i in idx], [encoded[i][1] for i in idx])

    def save(self, folder: Path) -> None:
        save_adapters(self.model_, folder)

    @classmethod
    def load(cls, folder: Path, config: FitConfig, engine: str = "torch", **params: Any) -> TechniqueClassifier:
        clf = cls(config=config, **params)
        clf.tokens_, clf.engine_ = tokens_for(config), engine_for("sequence", config, len(LABELS), folder, engine)
        return clf


def _labels_for(spans: Sequence[tuple[int, int]], probs: Sequence[list[float]]) -> list[tuple[str, float]]:
    """The most likely label per span; the second listing of the same span gets the next one."""
    seen: dict[tuple[int, int], int] = {}
    out = []
    for span, p in zip(spans, probs, strict=True):
        rank = seen.get(tuple(span), 0)
        seen[tuple(span)] = rank + 1
        order = sorted(range(len(LABELS)), key=lambda k: -p[k])
        k = order[min(rank, len(order) - 1)]
        out.append((LABELS[k], p[k]))
    return out


def _occurrences(text: str, phrase: str) -> int:
    words = re.findall(r"\w+", phrase.lower())
    if not words:
        return 0
    pattern = r"\b" + r"\W+".join(map(re.escape, words)) + r"\b"
    return len(re.findall(pattern, text.lower()))

"""Technique classification (TC): which of the 14 techniques a given span uses.

A sequence classifier (LoRA on a pinned encoder) reads the span and its sentence with the span
marked, trained with class weights so that rare techniques are predicted at all. The corpus
rules (Repetition, spans annotated twice) are applied after the models are averaged, in
``ensemble.ClassifierEnsemble``.
"""

from __future__ import annotations

import random
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
from presslens.techniques.lexical import line_around
from presslens.techniques.runtime import Engine, Tokens, TorchEngine, run_rows, softmax
from presslens.techniques.taxonomy import LABELS


@dataclass
class TechniqueClassifier:
    """Span-level technique classifier: ``fit(articles)``, then ``predict_proba(text, spans)``.

    Parameters
    ----------
    config: training settings (encoder, epochs, LoRA rank, seed...).
    weight_power: class weights are inverse frequency to this power (0: none, 0.5: square root).
    """

    config: FitConfig = field(default_factory=FitConfig)
    weight_power: float = 0.5

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

    def predict_proba(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[float]]:
        """Per span, the probability of each label (``LABELS`` order)."""
        if not spans:
            return []
        encoded = self._encode([(text, s, e) for s, e in spans])
        logits = run_rows(self.engine_, self.tokens_, [ids for ids, _ in encoded], [types for _, types in encoded])
        return [softmax(row).tolist() for row in logits]

    def _encode(self, items: list[tuple[str, int, int]]) -> list[tuple[list[int], list[int]]]:
        """The span, then its line with the span marked: (ids, type ids) per item."""
        first, second = [], []
        for text, start, end in items:
            ls, le = line_around(text, start, end)
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

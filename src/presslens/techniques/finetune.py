"""Shared fine-tuning machinery: LoRA adapters on a pinned encoder, a seeded training loop.

Only the adapters and the task head are trained and saved (a few MB); the encoder's weights come
from its package. Everything random is seeded, batches are built in a seeded order, and the loop
reports progress through a callback, so the same config gives the same model.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.techniques.runtime import Engine, OnnxEngine, Tokens, TorchEngine, exported

# Module names of the attention projections, per architecture, that receive LoRA adapters.
# What ``save_adapters`` writes that defines the network (the cache key of its ONNX export).
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")
LORA_TARGETS = {"bert": ["query", "key", "value", "dense"], "mpnet": ["q", "k", "v", "o"]}


@dataclass(frozen=True)
class FitConfig:
    """Training settings shared by the span tagger and the technique classifier.

    Parameters
    ----------
    base: encoder name in ``presslens.techniques.encoders.BASES``.
    epochs, batch_size, learning_rate, warmup: the optimiser schedule (AdamW, linear decay).
    lora_r: adapter rank (alpha is twice the rank); 0 fine-tunes the whole encoder.
    max_length: longest input in tokens; longer inputs are cut (TC) or windowed (SI).
    seed: seeds Python, NumPy and torch, and the batch order.
    """

    base: str = "minilm"
    epochs: int = 3
    batch_size: int = 16
    learning_rate: float = 4e-4
    warmup: float = 0.06
    lora_r: int = 16
    max_length: int = 160
    seed: int = 13


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def with_adapters(model: Any, model_type: str, r: int, head: str) -> Any:
    """``model`` with LoRA adapters on its attention, its ``head`` trained in full."""
    if r <= 0:
        return model
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=r, lora_alpha=2 * r, lora_dropout=0.1, target_modules=LORA_TARGETS[model_type], modules_to_save=[head])
    return get_peft_model(model, config)


def build(kind: str, config: FitConfig, num_labels: int, adapters: Path | None = None) -> Any:
    """The torch network on the base of ``config``: ``kind`` is "token" or "sequence"
    classification; new LoRA adapters to train, or the saved ones in ``adapters``."""
    from presslens.techniques.encoders import base_path, quiet_transformers

    quiet_transformers()
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    auto = AutoModelForTokenClassification if kind == "token" else AutoModelForSequenceClassification
    model = auto.from_pretrained(base_path(config.base), num_labels=num_labels)
    if adapters is None:
        return with_adapters(model, model.config.model_type, config.lora_r, "classifier")
    from peft import PeftModel

    return PeftModel.from_pretrained(model, adapters).eval()


def tokens_for(config: FitConfig) -> Tokens:
    from presslens.techniques.encoders import base_path

    return Tokens.of_base(base_path(config.base))


def engine_for(kind: str, config: FitConfig, num_labels: int, adapters: Path, engine: str) -> Engine:
    """The saved network in ``adapters`` on ``engine`` ("torch", "onnx", "onnx-int8")."""
    from presslens.techniques.encoders import BASES

    if engine == "torch":
        return TorchEngine(build(kind, config, num_labels, adapters))
    files = [f for f in ADAPTER_FILES if (adapters / f).is_file()] or None  # None: a whole encoder, every file
    path = exported(adapters, BASES[config.base].weights_sha256, engine, lambda: build(kind, config, num_labels, adapters), files)
    return OnnxEngine(path)


def save_adapters(model: Any, folder: Path) -> None:
    """The adapters and head of ``model`` (``ADAPTER_FILES``, and peft's README) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Indexes grouped into batches of similar length (less padding), in a seeded random order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def train_loop(
    model: Any,
    make_batches: Callable[[int], Iterator[tuple[dict, Any]]],
    steps_per_epoch: int,
    loss_fn: Callable[[Any, Any], Any],
    config: FitConfig,
    progress: Callable[[int, int, float], None] | None = None,
) -> None:
    """AdamW with linear warm-up and decay over ``epochs``; ``make_batches(epoch)`` yields (inputs, targets)."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.01)
    total = config.epochs * steps_per_epoch
    warm = max(1, int(config.warmup * total))

    def schedule(step: int) -> float:
        return step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    model.train()
    step = 0
    for epoch in range(config.epochs):
        for inputs, targets in make_batches(epoch):
            loss = loss_fn(model(**inputs).logits, targets)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            step += 1
            if progress:
                progress(step, total, loss.item())
    model.eval()


def class_weights(labels: Sequence[int], n: int, power: float = 0.5) -> list[float]:
    """Inverse-frequency weights to the ``power`` (0.5: square root), normalised to mean 1."""
    counts = [max(1, sum(1 for y in labels if y == k)) for k in range(n)]
    raw = [(len(labels) / (n * c)) ** power for c in counts]
    mean = sum(raw) / n
    return [w / mean for w in raw]


def steps(n_items: int, batch_size: int) -> int:
    return math.ceil(n_items / batch_size)

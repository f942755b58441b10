"""How the technique networks run: tokenisation, padding, and one of two inference engines.

Training needs torch (the LoRA adapters on their base); inference does not. A trained network is
exported once to ONNX (adapters merged into the base, optionally int8-quantised) into the cache
folder, keyed by the sha256 of the adapters and of the base, and then runs on ONNX Runtime:
no torch import, a fraction of the memory, faster load and inference on a CPU. The torch engine
stays for training, for evaluation during training, and where onnxruntime is not installed.

Tokenisation uses the base's ``tokenizer.json`` through the ``tokenizers`` library, the same
code on both engines (it gives the ids and offsets the transformers tokenizer gives).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

ENGINES = ("onnx", "onnx-int8", "torch")
FORMAT = "presslens.onnx/2"  # bump when the export changes, so that old cached exports are not reused


class Engine(Protocol):
    """A network: padded inputs (``input_ids``, ``attention_mask``, maybe ``token_type_ids``) in, logits out."""

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray: ...


@dataclass
class Tokens:
    """The base's tokenizer. ``type_ids``: whether the network takes ``token_type_ids`` (BERT does)."""

    tokenizer: Any
    pad_id: int
    type_ids: bool

    @classmethod
    def of_base(cls, folder: Path) -> Tokens:
        import json

        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        special = json.loads((folder / "special_tokens_map.json").read_text(encoding="utf-8"))
        pad = special["pad_token"]
        pad = pad["content"] if isinstance(pad, dict) else pad
        return cls(tokenizer, tokenizer.token_to_id(pad), config.get("model_type") == "bert")

    def windows(self, text: str, max_length: int, stride: int) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """(ids, character offsets) of ``text`` in windows of ``max_length`` tokens overlapping by ``stride``."""
        self.tokenizer.enable_truncation(max_length, stride=stride)
        first = self.tokenizer.encode(text)
        return [(e.ids, e.offsets) for e in [first, *first.overflowing]]

    def pairs(self, firsts: Sequence[str], seconds: Sequence[str], max_length: int) -> list[tuple[list[int], list[int]]]:
        """(ids, type ids) of each text pair, cut longest-first to ``max_length`` tokens."""
        self.tokenizer.enable_truncation(max_length, strategy="longest_first")
        encoded = self.tokenizer.encode_batch(list(zip(firsts, seconds, strict=True)))
        return [(e.ids, e.type_ids) for e in encoded]

    def pad(self, rows: Sequence[list[int]], types: Sequence[list[int]] | None = None) -> dict[str, np.ndarray]:
        """Right-padded int64 arrays of a batch, as the network takes them."""
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        out = {"input_ids": ids, "attention_mask": mask}
        if self.type_ids:
            type_ids = np.zeros((len(rows), width), dtype=np.int64)
            for i, row in enumerate(types or []):
                type_ids[i, : len(row)] = row
            out["token_type_ids"] = type_ids
        return out


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def by_length(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indexes in batches of ``size``, longest first, so that each batch pads little."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[i : i + size] for i in range(0, len(order), size)]


class TorchEngine:
    """The trained torch network (a PEFT model), run without gradients."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        import torch

        with torch.no_grad():
            return self.model(**{k: torch.from_numpy(v) for k, v in inputs.items()}).logits.numpy()


class OnnxEngine:
    """An exported network on ONNX Runtime's CPU provider."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.names = [i.name for i in self.session.get_inputs()]

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        return self.session.run(None, {name: inputs[name] for name in self.names})[0]


def onnxruntime_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def exported(adapters: Path, base_sha256: str, engine: str, build_torch: Any, files: Sequence[str] | None = None) -> Path:
    """The ONNX file of the network whose adapters are in ``adapters``, exported on first use.

    ``build_torch()`` loads the torch network; it is called only when the export is not cached.
    The cache key is the base's weights sha256 and the contents of ``files`` (default: every file
    of ``adapters``).
    """
    from presslens.techniques.encoders import cache_dir

    digest = hashlib.sha256(f"{FORMAT} {engine} {base_sha256}".encode())
    paths = [adapters / f for f in files] if files is not None else sorted(p for p in adapters.rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.name.encode() + path.read_bytes())
    target = cache_dir() / "onnx" / f"{adapters.parent.name}-{adapters.name}-{digest.hexdigest()[:20]}.onnx"
    if not target.is_file():
        print(f"presslens: exporting the {adapters.parent.name}/{adapters.name} network to ONNX (once)", file=sys.stderr)
        _export(build_torch(), target, quantize=engine == "onnx-int8")
    return target


@contextlib.contextmanager
def _quiet_logging() -> Iterator[None]:
    previous = logging.root.level
    logging.root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logging.root.setLevel(previous)


def _export(model: Any, target: Path, quantize: bool) -> None:
    import torch

    merged = model.merge_and_unload() if hasattr(model, "merge_and_unload") else model
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if merged.config.model_type == "bert" else [])

    class Logits(torch.nn.Module):
        # Positional inputs in a fixed order: the exporter names inputs by position.
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: Any) -> Any:
            out = self.inner(**dict(zip(names, inputs, strict=True)))
            return out.logits if hasattr(out, "logits") else out.last_hidden_state  # a classifier, or a bare encoder

    wrapper = Logits(merged).eval()
    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_suffix(f".{os.getpid()}.partial")
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"logits": {0: "batch", 1: "tokens"}}
    with warnings.catch_warnings(), _quiet_logging():
        # The exporter and the quantiser warn about graph details that do not apply here.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper, example, str(staging), input_names=names, output_names=["logits"], dynamic_axes=axes,
            opset_version=17, dynamo=False,
        )  # fmt: skip
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantized = staging.with_suffix(".int8.partial")
            # Per-channel scales: per-tensor int8 cost 0.015 SI F1 on the development set, per channel nothing.
            quantize_dynamic(str(staging), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
            staging.unlink()
            staging = quantized
    staging.replace(target)  # atomic: a half-written export is never picked up

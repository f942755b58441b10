"""Sentence embeddings from the pinned MiniLM encoder (all-MiniLM-L6-v2), on ONNX Runtime.

The encoder is exported once to ONNX into the cache folder (torch is needed for that one export
only) and run with the pooling it was trained with: the mean of its token vectors, normalised.
Used to compare claims with the denials that answer them, and stories across outlets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

_ENGINE: dict[str, Any] = {}
MAX_TOKENS = 128


def embed(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """One unit-length vector per text (rows in the order given)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    from presslens.techniques.runtime import run_rows

    engine, tokens = _load()
    tokens.tokenizer.enable_truncation(MAX_TOKENS)
    encoded = tokens.tokenizer.encode_batch(list(texts))
    hidden = run_rows(engine, tokens, [e.ids for e in encoded], [e.type_ids for e in encoded], size=batch_size)
    pooled = np.stack([h.mean(axis=0) for h in hidden])  # each row without its padding
    return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def _load() -> tuple[Any, Any]:
    if "engine" not in _ENGINE:
        from presslens.techniques.encoders import BASES, base_path
        from presslens.techniques.runtime import OnnxEngine, Tokens, exported

        folder = base_path("minilm")
        path = exported(folder, BASES["minilm"].weights_sha256, "onnx-int8", _base_model, files=["config.json"])
        _ENGINE["engine"], _ENGINE["tokens"] = OnnxEngine(path), Tokens.of_base(folder)
    return _ENGINE["engine"], _ENGINE["tokens"]


def _base_model() -> Any:
    from transformers import AutoModel

    from presslens.techniques.encoders import base_path, quiet_transformers

    quiet_transformers()
    return AutoModel.from_pretrained(base_path("minilm")).eval()

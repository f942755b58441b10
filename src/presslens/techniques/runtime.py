"""How the technique networks run: tokenisation, padding, and one of two inference engines.

Training needs torch (the LoRA adapters on their base); inference does not. A trained network is
exported once to ONNX (adapters merged into the base, optionally int8-quantised with one range
per token, so that no score depends on its batch) into the cache folder, keyed by the sha256 of
the adapters and of the base, and then runs on ONNX Runtime: no torch import, a fraction of the
memory, faster load and inference on a CPU. Rows go in batches of similar length, and the batches
of a call run side by side on one-thread sessions. The torch engine stays for training, for
evaluation during training, and where onnxruntime is not installed.

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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

ENGINES = ("onnx", "onnx-int8", "torch")
FORMAT = "presslens.onnx/3"  # bump when the export changes, so that old cached exports are not reused


# How full a batch stays: a batch closes before a row shorter than this share of its longest,
# so padding is under a quarter of the tokens (per-article batches of 32 padded to the longest
# line doubled them). Batching never changes a score: see ``_per_token``.
FILL = 0.8


class Engine(Protocol):
    """A network: padded inputs (``input_ids``, ``attention_mask``, maybe ``token_type_ids``) in, logits out.
    ``map``: the logits of several batches, in order."""

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray: ...

    def map(self, batches: Sequence[dict[str, np.ndarray]]) -> list[np.ndarray]: ...


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


def batches(lengths: Sequence[int], size: int, fill: float) -> list[list[int]]:
    """Indexes longest first, in batches of at most ``size``; a batch closes early before a row
    shorter than ``fill`` times its longest, so that it pads little (``fill`` 0: batches of ``size``)."""
    out: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if out and len(out[-1]) < size and lengths[i] >= fill * lengths[out[-1][0]]:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def run_rows(
    engine: Engine, tokens: Tokens, rows: Sequence[list[int]], types: Sequence[list[int]] | None = None, size: int = 32
) -> list[np.ndarray]:
    """The logits of each row of token ids (with its type ids), in order; a token classifier's
    without the padding."""
    groups = batches([len(r) for r in rows], size, FILL)
    padded = [tokens.pad([rows[i] for i in g], [types[i] for i in g] if types is not None else None) for g in groups]
    out: list[np.ndarray] = [np.empty(0)] * len(rows)
    for group, logits in zip(groups, engine.map(padded), strict=True):
        for i, row in zip(group, logits, strict=True):
            out[i] = row[: len(rows[i])] if row.ndim > 1 else row
    return out


def cores() -> int:
    """The CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class TorchEngine:
    """The trained torch network (a PEFT model), run without gradients."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        import torch

        with torch.no_grad():
            return self.model(**{k: torch.from_numpy(v) for k, v in inputs.items()}).logits.numpy()

    def map(self, batches: Sequence[dict[str, np.ndarray]]) -> list[np.ndarray]:
        return [self(b) for b in batches]


class OnnxEngine:
    """An exported network on ONNX Runtime's CPU provider.

    Each run uses one thread, and the batches of ``map`` run side by side on ``threads`` threads
    (ONNX Runtime releases the GIL): on small batches two threads in one run were only 1.05
    times as fast as one. ``threads`` None: the cores this process may use.
    """

    def __init__(self, path: Path, threads: int | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.names = [i.name for i in self.session.get_inputs()]
        self.threads = threads or cores()
        self._pool: ThreadPoolExecutor | None = None

    def __call__(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        return self.session.run(None, {name: inputs[name] for name in self.names})[0]

    def map(self, batches: Sequence[dict[str, np.ndarray]]) -> list[np.ndarray]:
        if len(batches) < 2 or self.threads < 2:
            return [self(b) for b in batches]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="presslens-onnx")
        return list(self._pool.map(self, batches))


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
    # Plain attention exports an additive mask; SDPA's mask adds Where and IsNaN nodes, 3 % of the time.
    merged.set_attn_implementation("eager")
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
            _per_token(quantized)
            staging.unlink()
            staging = quantized
    staging.replace(target)  # atomic: a half-written export is never picked up


def _per_token(path: Path) -> None:
    """Rewrite the dynamically quantised network in ``path`` so that each token's activations are
    quantised by their own range instead of the whole batch's.

    With one range per batch, a line's scores depended on the lines batched with it and on their
    padding, so batching was frozen to what the model was tuned with. A range per token (per row
    of each quantised MatMul's input) makes each score the same in any batch, and brings the
    probabilities closer to the fp32 network's (mean distance 0.0064 against 0.0164 on the
    development lines).

    ``quantize_dynamic`` writes each MatMul as MatMulInteger, Cast, and a Mul by the activation
    scale times the weights' (per column). The integer kernels take one activation zero point and
    scale, so each product runs with zero point 0 and scale 1 (MatMulIntegerToFloat: the weights'
    scales applied inside the kernel) and is then corrected, exactly, by each row's zero point
    times the weights' scaled column sums, and scaled by each row's scale.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    constants = {"pt_0": np.float32(0), "pt_one": np.float32(1), "pt_255": np.float32(255), "pt_eps": np.float32(1e-12)}
    graph.initializer.extend(numpy_helper.from_array(np.array(v), name) for name, v in constants.items())
    graph.initializer.append(numpy_helper.from_array(np.array(0, dtype=np.uint8), "pt_zero"))
    graph.initializer.append(numpy_helper.from_array(np.array([0], dtype=np.int64), "pt_axis0"))
    rows: dict[str, tuple[str, str]] = {}  # a DynamicQuantizeLinear's zero point -> its rows' zero points and scales
    replaced: dict[str, list[Any]] = {}  # the product's final Mul -> the nodes that replace it
    dropped: set[str] = set()
    for node in graph.node:
        if node.op_type == "DynamicQuantizeLinear":
            rows[node.output[2]] = (f"{node.name}_zero_points", node.output[1])
        elif node.op_type == "MatMulInteger" and node.input[2] in rows:
            cast = consumers[node.output[0]][0]
            product = consumers[cast.output[0]][0]
            scales = producer.get(next(i for i in product.input if i != cast.output[0]))  # activation scale x weights'
            if (cast.op_type, product.op_type, getattr(scales, "op_type", None)) != ("Cast", "Mul", "Mul"):
                raise RuntimeError(f"unexpected quantised MatMul around {node.name}: {cast.op_type}, {product.op_type}")
            zero_points, row_scales = rows[node.input[2]]
            (weight_scale,) = [i for i in scales.input if i != row_scales]
            sums = f"{node.name}_scaled_column_sums"
            graph.initializer.append(numpy_helper.from_array(_column_sums(node, weights, weight_scale), sums))
            p = node.name
            replaced[product.name] = [
                helper.make_node(
                    "MatMulIntegerToFloat", [node.input[0], node.input[1], "pt_one", weight_scale, "pt_zero", node.input[3]],
                    [f"{p}_unscaled"], name=f"{p}_unscaled_node", domain="com.microsoft",
                ),
                _node("Mul", [zero_points, sums], f"{p}_correction"),
                _node("Sub", [f"{p}_unscaled", f"{p}_correction"], f"{p}_corrected"),
                _node("Mul", [f"{p}_corrected", row_scales], product.output[0]),
            ]  # fmt: skip
            dropped |= {node.name, cast.name, scales.name}
    nodes = []
    for node in graph.node:
        if node.op_type == "DynamicQuantizeLinear":
            nodes += _row_quantizer(node)
        elif node.name not in dropped:
            nodes += replaced.get(node.name, [node])
    del graph.node[:]
    graph.node.extend(nodes)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(path))


def _node(op: str, inputs: list[str], output: str, **attributes: Any) -> Any:
    from onnx import helper

    return helper.make_node(op, inputs, [output], name=f"{output}_node", **attributes)


def _row_quantizer(node: Any) -> list[Any]:
    """Nodes that do what ``node`` (DynamicQuantizeLinear: uint8, range including 0) does, row by
    row: the quantised rows, their scales ([..., 1]), and their zero points as floats ([..., 1]).
    QuantizeLinear takes one scale per row of a matrix, hence the rows flattened and put back."""
    from onnx import TensorProto

    (x,), (quantized, scale, _), p = node.input, node.output, node.name
    return [
        _node("ReduceMin", [x], f"{p}_row_min", axes=[-1], keepdims=1),
        _node("ReduceMax", [x], f"{p}_row_max", axes=[-1], keepdims=1),
        _node("Min", [f"{p}_row_min", "pt_0"], f"{p}_low"),
        _node("Max", [f"{p}_row_max", "pt_0"], f"{p}_high"),
        _node("Sub", [f"{p}_high", f"{p}_low"], f"{p}_range"),
        _node("Max", [f"{p}_range", "pt_eps"], f"{p}_range_positive"),
        _node("Div", [f"{p}_range_positive", "pt_255"], scale),
        _node("Div", [f"{p}_low", scale], f"{p}_low_steps"),
        _node("Neg", [f"{p}_low_steps"], f"{p}_negated"),
        _node("Round", [f"{p}_negated"], f"{p}_zero_points"),
        _node("Flatten", [x], f"{p}_rows", axis=-1),
        _node("Flatten", [scale], f"{p}_row_scales", axis=0),
        _node("Flatten", [f"{p}_zero_points"], f"{p}_row_zero_points_float", axis=0),
        _node("Cast", [f"{p}_row_zero_points_float"], f"{p}_row_zero_points_2d", to=TensorProto.UINT8),
        _node("Squeeze", [f"{p}_row_scales", "pt_axis0"], f"{p}_row_scale_vector"),
        _node("Squeeze", [f"{p}_row_zero_points_2d", "pt_axis0"], f"{p}_row_zero_point_vector"),
        _node("QuantizeLinear", [f"{p}_rows", f"{p}_row_scale_vector", f"{p}_row_zero_point_vector"], f"{p}_q_rows", axis=0),
        _node("Shape", [x], f"{p}_shape"),
        _node("Reshape", [f"{p}_q_rows", f"{p}_shape"], quantized),
    ]


def _column_sums(node: Any, weights: dict[str, Any], scale: str) -> np.ndarray:
    """Per output column, the sum of a MatMulInteger's weights less their zero point, times their scale."""
    from onnx import numpy_helper

    w = numpy_helper.to_array(weights[node.input[1]]).astype(np.int64)
    zero = numpy_helper.to_array(weights[node.input[3]]).astype(np.int64)
    return ((w - zero).sum(axis=0) * numpy_helper.to_array(weights[scale])).astype(np.float32)

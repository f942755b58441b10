"""``presslens train techniques`` end to end on a tiny corpus written here in the PTC layout.

One epoch of a MiniLM span tagger and classifier plus the lexical classifier, on the torch
engine (no ONNX export): enough to check that training writes a loadable, checked bundle with
its members, card and metrics, and that a second run reuses the members it already fitted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from presslens.errors import PresslensError
from presslens.techniques.encoders import base_path
from presslens.techniques.taxonomy import LABELS

try:
    base_path("minilm")
    MINILM = True
except PresslensError:
    MINILM = False

pytestmark = pytest.mark.skipif(not MINILM, reason="the MiniLM base package is not installed")

PHRASES = [
    ("corrupt traitors", "Name_Calling,Labeling"),
    ("our proud nation", "Flag-Waving"),
    ("a total disaster", "Loaded_Language"),
    ("Make the country great", "Slogans"),
]

CONFIG = """
profile = "tiny"
engine = "torch"
seed = 3
holdout = 0.25

[si.minilm]
base = "minilm"
epochs = 1
batch_size = 8
learning_rate = 1e-3
max_length = 48

[tc.minilm]
base = "minilm"
epochs = 1
batch_size = 8
learning_rate = 1e-3
max_length = 64

[tc.lexical]
kind = "lexical"
C = 3.0
"""


def _write_split(root: Path, split: str, n: int) -> None:
    folder = root / f"{split}-articles"
    folder.mkdir(parents=True)
    rows = []
    for i in range(n):
        aid = f"{split[0]}{i}"
        phrase, label = PHRASES[i % len(PHRASES)]
        text = f"The minister spoke on Monday.\nThey called them {phrase} again.\nThe vote is next week.\n"
        start = text.index(phrase)
        (folder / f"article{aid}.txt").write_text(text, encoding="utf-8")
        rows.append(f"{aid}\t{label}\t{start}\t{start + len(phrase)}")
    (root / f"{split}-task-flc-tc.labels").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _train(data: Path, out: Path, config: Path) -> subprocess.CompletedProcess[str]:
    args = ["train", "techniques", "--data", str(data), "--out", str(out), "--config", str(config)]
    return subprocess.run([sys.executable, "-m", "presslens", *args], capture_output=True, text=True, timeout=600)


def test_train_writes_a_checked_bundle_and_resumes(tmp_path):
    data, out, config = tmp_path / "ptc", tmp_path / "model", tmp_path / "tiny.toml"
    _write_split(data, "train", 16)
    _write_split(data, "dev", 4)
    config.write_text(CONFIG, encoding="utf-8")

    first = _train(data, out, config)
    assert first.returncode == 0, first.stderr[-800:]
    metrics = json.loads(first.stdout)
    assert 0.0 <= metrics["si_f1"] <= 1.0 and 0.0 <= metrics["tc_micro_f1"] <= 1.0
    manifest = json.loads((out / "model.json").read_text())
    assert set(manifest["si"]["members"]) == {"minilm"} and set(manifest["tc"]["members"]) == {"minilm", "lexical"}
    assert sum(manifest["tc"]["weights"].values()) == pytest.approx(1.0)
    assert "si/minilm/adapter_model.safetensors" in manifest["sha256"] and "tc/lexical/weights.npz" in manifest["sha256"]
    card = (out / "MODEL_CARD.md").read_text()
    assert "`lexical`" in card and "presslens train techniques" in card

    from presslens.techniques.model import TechniquesModel

    model = TechniquesModel.load(out)
    text = "They called them corrupt traitors again.\n"
    labels = model.classifier.predict(text, [(17, 33)])
    assert labels[0][0] in LABELS and 0.0 <= labels[0][1] <= 1.0
    assert all(0 <= d.start < d.end <= len(text) for d in model.detect(text))

    second = _train(data, out, config)
    assert second.returncode == 0, second.stderr[-800:]
    assert second.stderr.count("reusing the member fitted before") == 3
    assert json.loads(second.stdout) == metrics  # the same members, tuned the same way

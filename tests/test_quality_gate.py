"""CI's quality gate: extraction and segmentation figures stay at or above bench/baseline.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quality_is_not_below_the_pinned_floors():
    res = subprocess.run([sys.executable, str(ROOT / "bench" / "gate.py")], capture_output=True, text=True, timeout=1500)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "gate: passed" in res.stdout


def test_floors_are_pinned_to_data_that_exists():
    sets = json.loads((ROOT / "bench" / "baseline.json").read_text())["sets"]
    for name, spec in sets.items():
        if spec["kind"] != "techniques":  # the corpus lives outside the repository
            assert (ROOT / name).is_dir(), name
        assert len(spec["sha256"]) == 64 and spec["floors"]
        assert all(0.0 < floor <= 1.0 for floor in spec["floors"].values())

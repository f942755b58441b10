"""Techniques model quality on the PTC development articles (which training never sees).

    python bench/techniques_quality.py [--model fast|accurate|DIR] [--data ../shared/data/ptc]

Prints SI precision/recall/F1 (span overlap, as the SemEval-2020 Task 11 scorer), TC micro-F1 on
the gold spans, F1 per technique, and the expected calibration error of span scores before and
after calibration; the last line is machine-readable. Needs the corpus (not in the repository):
without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from presslens.techniques import DEFAULT_PROFILE

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ptc"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=DEFAULT_PROFILE, help="profile (fast, accurate) or model folder")
    ap.add_argument("--engine", default="auto", help="auto, onnx-int8, onnx or torch (default: the one presslens uses)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PTC folder with dev-articles/")
    args = ap.parse_args(argv)
    if not (args.data / "dev-articles").is_dir():
        print(f"techniques_quality: no PTC development set at {args.data}; nothing measured")
        return 0
    from presslens.techniques.corpus import load
    from presslens.techniques.stage import load_model
    from presslens.techniques.train import evaluate

    started = time.perf_counter()
    model = load_model(args.model, args.engine)
    loaded = time.perf_counter() - started
    articles = load(args.data, "dev")
    from rich.progress import track

    metrics = evaluate(model, track(articles, description="techniques", transient=True, disable=not sys.stderr.isatty()))
    profile = model.info.get("profile")
    print(f"model {args.model} ({profile}, engine {args.engine}), loaded in {loaded:.1f}s; {len(articles)} development articles")
    print(f"SI  precision {metrics['si_precision']:.4f}  recall {metrics['si_recall']:.4f}  F1 {metrics['si_f1']:.4f}")
    print(f"TC  micro-F1 {metrics['tc_micro_f1']:.4f} (gold spans)")
    print(f"calibration error of span scores: raw {metrics['ece_raw']:.4f}, calibrated {metrics['ece_calibrated']:.4f}")
    print("F1 per technique:")
    for label, f1 in sorted(metrics["per_technique"].items(), key=lambda kv: -kv[1]):
        print(f"  {label:<40} {f1:.3f}")
    print(
        f"techniques_quality model={args.model} si_f1={metrics['si_f1']:.4f} si_p={metrics['si_precision']:.4f} "
        f"si_r={metrics['si_recall']:.4f} tc_f1={metrics['tc_micro_f1']:.4f} ece={metrics['ece_calibrated']:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fit the model that chooses what a pronoun speaker means (``presslens.antecedents``).

    python bench/fit_antecedents.py [--data DIR ...] [--heldout DIR ...] [--C 1.0]

Resolves the speakers of the gold articles of each ``--data`` set with the rule's choices,
records the candidates of every pronoun that names a speaker ("he said"), labels them with the
gold speaker of the quote (bench/data/attribution/GUIDE.md), fits ``AntecedentRanker`` on all of
them and writes ``src/presslens/data/antecedents.json``.

Prints, for each set, how many of its pronoun speakers the rule and the ranker resolve right
(out of those whose right answer is among the candidates): for each ``--data`` set the ranker
fitted on the other ``--data`` sets (leave one set out, the honest figure), and for each
``--heldout`` set, which it never fits on, the ranker written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution_quality import ROOT, Item, half_of_longer, load_gold, missing_sources, normal_name, same_speaker
from presslens import quotes
from presslens.antecedents import WEIGHTS, AntecedentRanker
from presslens.nlp import parse

DATA = ["attribution", "attribution-heldout", "attribution-blind", "attribution-blind2", "attribution-ptc"]
HELDOUT = ["attribution-blind3"]


@dataclass
class Instance:
    """One pronoun speaker: its candidates' feature rows, which are right, and the rule's choice."""

    rows: np.ndarray
    right: np.ndarray
    default: int


def instances(folder: Path) -> tuple[list[Instance], int]:
    """The labelled pronoun speakers of one gold set, and how many had no right candidate."""
    out, unreachable = [], 0
    for g in load_gold(folder):
        trace: list = []
        found = quotes.find(g.text, parse(g.text), ranker=AntecedentRanker(), trace=trace)
        by_offset = {at: (names, rows, default) for at, names, rows, default in trace}
        seen = set()
        for q in g.quotes:
            f = next((f for f in found if half_of_longer(q, Item(f.start, f.end)) and f.speaker_start in by_offset), None)
            if f is None or f.speaker_start in seen:
                continue
            seen.add(f.speaker_start)
            names, rows, default = by_offset[f.speaker_start]
            right = np.array([same_speaker(q, Item(f.start, f.end, normal_name(n))) for n in names])
            if right.any():
                out.append(Instance(np.array(rows), right, default))
            else:
                unreachable += 1
    return out, unreachable


def fit(sets: list[list[Instance]], C: float) -> AntecedentRanker:
    X = np.vstack([i.rows for s in sets for i in s])
    y = np.concatenate([i.right.astype(int) for s in sets for i in s])
    return AntecedentRanker(C=C).fit(X, y)


def right(items: list[Instance], ranker: AntecedentRanker) -> int:
    return sum(bool(i.right[ranker.choose(i.rows, i.default)]) for i in items)


def report(name: str, items: list[Instance], unreachable: int, ranker: AntecedentRanker, how: str) -> None:
    rule = sum(bool(i.right[i.default]) for i in items)
    print(
        f"{name:24} {len(items):4} pronoun speakers ({unreachable} with no right candidate): "
        f"rule {rule}, ranker {right(items, ranker)} ({how})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folder = ROOT / "bench" / "data"
    ap.add_argument("--data", type=Path, nargs="+", default=[folder / d for d in DATA], help="gold sets to fit on")
    ap.add_argument("--heldout", type=Path, nargs="*", default=[folder / d for d in HELDOUT], help="gold sets to measure on")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    args = ap.parse_args(argv)
    usable = [d for d in args.data if not missing_sources(d)]
    for d in set(args.data) - set(usable):
        print(f"skipped {d.name}: {missing_sources(d)}")
    data = {d.name: instances(d) for d in usable}
    for name, (items, unreachable) in data.items():
        others = [s for n, (s, _) in data.items() if n != name]
        report(name, items, unreachable, fit(others, args.C), "fitted on the other sets")
    ranker = fit([s for s, _ in data.values()], args.C)
    ranker.save(WEIGHTS)
    print(f"fitted on {sum(len(s) for s, _ in data.values())} pronoun speakers; written to {WEIGHTS.relative_to(ROOT)}")
    for d in args.heldout:
        if not missing_sources(d):
            report(d.name, *instances(d), ranker, "held out")
    return 0


if __name__ == "__main__":
    sys.exit(main())

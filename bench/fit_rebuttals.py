"""Fit the model that links each denial to the claim it answers (``presslens.rebuttals``).

    python bench/fit_rebuttals.py [--data bench/data/attribution] [--heldout bench/data/attribution-heldout]

Runs the quotes, figures and claims stages over the gold articles of ``--data``, labels every
(denial, claim) pair the claims stage considers with the gold links (bench/data/attribution/GUIDE.md),
fits ``TargetRanker``, chooses its two thresholds for the best link F1 on the same articles,
and writes ``src/presslens/data/rebuttals.json``. Prints link F1 on ``--data`` and, as the honest
figure, on ``--heldout``, which it never fits on.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution_quality import DEFAULT_DATA, ROOT, Item, Score, half_of_gold, load_gold, same_link
from presslens import claims
from presslens.nlp import parse
from presslens.page import Page
from presslens.pipeline import STAGES, Pipeline
from presslens.rebuttals import WEIGHTS, TargetRanker

THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]


def prepared(folder: Path) -> list[tuple[object, str, list[claims.Candidate]]]:
    """(gold, text, claim candidates before linking) per article."""
    Pipeline.from_names([])
    out = []
    for g in load_gold(folder):
        page = Page(text=g.text)
        page.add("documents", start=0, end=len(g.text))
        for name in ("quotes", "figures"):
            page = STAGES[name]()(page)
        out.append((g, g.text, claims.candidates_of(g.text, parse(g.text), page.layers["quotes"], page.layers["figures"])))
    return out


def labelled(articles: list) -> tuple[np.ndarray, np.ndarray]:
    X, y = [], []
    for g, text, candidates in articles:
        lead = claims.lead_end(text)
        for c in candidates:
            explicit = c.stance == "deny"
            if not explicit and (c.stance != "assert" or c.claimant == "outlet" or not (c.contrary or c.values)):
                continue
            answered = [link.target for link in g.links if half_of_gold((link.start, link.end), (c.start, c.end))]
            for index, row in claims.pairs(text, c, candidates, lead, explicit):
                target = (candidates[index].start, candidates[index].end)
                X.append(row)
                y.append(any(half_of_gold(t, target) for t in answered))
    return np.array(X), np.array(y, dtype=int)


def link_f1(articles: list, ranker: TargetRanker) -> float:
    score = Score()
    for g, text, candidates in articles:
        found = claims.link(text, copy.deepcopy(candidates), ranker)
        links = [
            Item(c.start, c.end, target=(found[c.responds_to].start, found[c.responds_to].end))
            for c in found if c.stance == "deny" and c.responds_to is not None
        ]  # fmt: skip
        score.add(g.links, links, same_link)
    return score.f1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gold articles to fit on")
    heldout = ROOT / "bench" / "data" / "attribution-heldout"
    ap.add_argument("--heldout", type=Path, default=heldout, help="gold articles to measure on")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    args = ap.parse_args(argv)
    articles = prepared(args.data)
    X, y = labelled(articles)
    print(f"{len(y)} (denial, claim) pairs, {int(y.sum())} of them gold links")
    ranker = TargetRanker(C=args.C).fit(X, y)
    grid = [(t, i) for t in THRESHOLDS for i in THRESHOLDS]
    best = max((link_f1(articles, TargetRanker(args.C, t, i, ranker.coef_, ranker.intercept_)), t, i) for t, i in grid)
    ranker.threshold, ranker.implicit_threshold = best[1], best[2]
    ranker.save(WEIGHTS)
    print(f"thresholds {best[1]} (stated denials), {best[2]} (contradictions); written to {WEIGHTS.relative_to(ROOT)}")
    print(f"link F1 on {args.data.name} (fitted on): {best[0]:.4f}")
    if args.heldout.is_dir():
        print(f"link F1 on {args.heldout.name} (held out): {link_f1(prepared(args.heldout), ranker):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

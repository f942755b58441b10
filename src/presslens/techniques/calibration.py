"""Calibration of span scores: a score of 0.8 should be right about 80% of the time.

A predicted span counts as right when at least half of it lies inside a gold span. The expected
calibration error (ECE) is the bin-weighted gap between mean score and accuracy over ten equal-width
bins; isotonic regression fitted on held-out articles maps raw scores to calibrated ones, stored as
a monotone list of points so that loading needs no scikit-learn object.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def correctness(spans: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> list[bool]:
    """Per predicted span: does at least half of it overlap gold spans?"""
    out = []
    for s, e in spans:
        covered = sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in gold)
        out.append(covered >= 0.5 * (e - s))
    return out


def expected_calibration_error(scores: Sequence[float], right: Sequence[bool], bins: int = 10) -> float:
    if not scores:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if idx:
            conf = sum(scores[i] for i in idx) / len(idx)
            acc = sum(right[i] for i in idx) / len(idx)
            total += len(idx) / len(scores) * abs(conf - acc)
    return total


def fit_isotonic(scores: Sequence[float], right: Sequence[bool]) -> list[tuple[float, float]]:
    """Monotone (raw score, calibrated score) points from held-out spans."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(list(scores), [float(r) for r in right])
    return [(float(x), float(y)) for x, y in zip(iso.X_thresholds_, iso.y_thresholds_, strict=True)]


def apply(points: Sequence[tuple[float, float]], score: float) -> float:
    """The calibrated score: linear between the fitted points, clipped at both ends."""
    if not points:
        return score
    if score <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if score <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (score - x0) / (x1 - x0)
    return points[-1][1]

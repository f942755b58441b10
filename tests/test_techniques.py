"""Techniques stage parts that need no trained model: decoding, calibration, corpus rules, bundles."""

from __future__ import annotations

import json
import random

import pytest

from presslens.errors import PresslensError
from presslens.techniques import calibration
from presslens.techniques.classifier import REPETITION, TechniqueClassifier, _occurrences
from presslens.techniques.corpus import Article, holdout_split
from presslens.techniques.finetune import class_weights, length_batches
from presslens.techniques.model import TechniquesModel
from presslens.techniques.span_tagger import Decoding, decode
from presslens.techniques.taxonomy import LABELS, TECHNIQUES, definitions


def test_taxonomy_has_the_14_corpus_labels():
    assert len(TECHNIQUES) == 14 and len(set(LABELS)) == 14
    assert "Name_Calling,Labeling" in LABELS and "Bandwagon,Reductio_ad_hitlerum" in LABELS
    assert set(definitions()) == set(LABELS)


def test_decode_joins_runs_closes_gaps_and_widens_to_words():
    text = "They are reckless traitors, all of them.\nNext line here."
    # tokens: "reck"+"less" (sub-words) and "traitors" above threshold; "all" below.
    tokens = [(9, 13, 0.9), (13, 17, 0.8), (18, 26, 0.7), (28, 31, 0.2), (41, 45, 0.9), (46, 50, 0.1)]
    spans = decode(text, tokens, Decoding(threshold=0.5, gap=3, min_chars=3))
    assert [(text[s.start : s.end], round(s.score, 2)) for s in spans] == [("reckless traitors", 0.8), ("Next", 0.9)]


def test_decode_never_joins_across_lines_and_drops_fragments():
    text = "ab\ncd efgh"
    spans = decode(text, [(0, 2, 0.9), (3, 5, 0.9)], Decoding(threshold=0.5, gap=5, min_chars=3))
    assert spans == []  # "ab" and "cd" are each too short, and were not joined over the newline


def test_calibration_error_and_isotonic_map():
    scores = [0.9] * 10 + [0.2] * 10
    right = [True] * 5 + [False] * 5 + [False] * 10
    assert calibration.expected_calibration_error(scores, right) == pytest.approx(0.5 * 0.4 + 0.5 * 0.2)
    points = calibration.fit_isotonic(scores, right)
    mapped = [calibration.apply(points, s) for s in scores]
    assert calibration.expected_calibration_error(mapped, right) < 1e-9
    assert calibration.apply(points, 0.0) <= calibration.apply(points, 1.0)


def test_correctness_counts_half_overlap():
    assert calibration.correctness([(0, 10), (20, 30)], [(5, 12)]) == [True, False]


def test_holdout_split_is_stable_and_disjoint():
    articles = [Article(str(i), "x") for i in range(40)]
    fit, held = holdout_split(articles, 0.25, seed=7)
    _, again_held = holdout_split(list(reversed(articles)), 0.25, seed=7)
    assert [a.id for a in held] == [a.id for a in again_held] and len(held) == 10
    assert not {a.id for a in fit} & {a.id for a in held}
    assert {a.id for a in holdout_split(articles, 0.25, seed=8)[1]} != {a.id for a in held}


def test_length_batches_cover_every_item_once_and_are_seeded():
    lengths = [random.Random(1).randint(3, 90) for _ in range(101)]
    batches = length_batches(lengths, 16, random.Random(5))
    assert sorted(i for b in batches for i in b) == list(range(101))
    assert batches == length_batches(lengths, 16, random.Random(5))


def test_class_weights_favour_rare_classes():
    weights = class_weights([0] * 90 + [1] * 10, 2, power=0.5)
    assert weights[1] == pytest.approx(3 * weights[0]) and sum(weights) / 2 == pytest.approx(1.0)


def test_repetition_rule_and_duplicate_spans():
    text = "Jobs, jobs, jobs. This plan is about jobs. A plan for all."
    assert _occurrences(text, "jobs") == 4 and _occurrences(text, "plan for all") == 1
    clf = TechniqueClassifier(repetition_boost=0.5)
    flat = [1 / 14] * 14
    boosted = clf._repetition(text, 0, 4, flat)
    assert max(range(14), key=boosted.__getitem__) == REPETITION and sum(boosted) == pytest.approx(1.0)
    assert clf._repetition(text, 45, 57, flat) == flat

    class Fixed(TechniqueClassifier):
        def predict_proba(self, text, spans):
            return [[0.5, 0.3] + [0.2 / 12] * 12 for _ in spans]

    labels = Fixed().predict(text, [(0, 4), (0, 4), (6, 10)])
    assert [label for label, _ in labels] == [LABELS[0], LABELS[1], LABELS[0]]


def test_bundle_refuses_files_that_do_not_match_their_sha256(tmp_path):
    (tmp_path / "si").mkdir()
    (tmp_path / "si" / "adapter_model.safetensors").write_bytes(b"tampered")
    manifest = {"format": "presslens.techniques/1", "sha256": {"si/adapter_model.safetensors": "0" * 64}}
    (tmp_path / "model.json").write_text(json.dumps(manifest))
    with pytest.raises(PresslensError, match="sha256"):
        TechniquesModel.load(tmp_path)
    with pytest.raises(PresslensError, match="no techniques model"):
        TechniquesModel.load(tmp_path / "absent")

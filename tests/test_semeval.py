"""The SemEval-2020 Task 11 scorer on cases computed by hand, and the file formats."""

from __future__ import annotations

import pytest

from presslens.errors import PresslensError
from presslens.semeval import Span, merge, read_articles, read_spans, score_si, score_tc, write_spans


def si(*triples):
    return [Span(a, s, e) for a, s, e in triples]


def tc(*quads):
    return [Span(a, s, e, t) for a, t, s, e in quads]


def test_merge_joins_overlaps_only():
    assert merge([(5, 10), (0, 6), (10, 12), (20, 25)]) == [(0, 10), (10, 12), (20, 25)]


def test_si_perfect_and_empty():
    gold = si(("1", 0, 10), ("1", 20, 30))
    assert score_si(gold, gold).f1 == pytest.approx(1.0)
    empty = score_si(gold, [])
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_si_partial_overlap_by_hand():
    # gold [0,10); predicted [5,15): overlap 5 -> P = 5/10, R = 5/10.
    scores = score_si(si(("1", 0, 10)), si(("1", 5, 15)))
    assert (scores.precision, scores.recall) == pytest.approx((0.5, 0.5))
    assert scores.f1 == pytest.approx(0.5)


def test_si_one_prediction_covering_two_gold_spans():
    # gold [0,10) and [20,30); predicted [0,40): P = (10+10)/40 = 0.5; R = (10/10 + 10/10)/2 = 1.
    scores = score_si(si(("1", 0, 10), ("1", 20, 30)), si(("1", 0, 40)))
    assert (scores.precision, scores.recall) == pytest.approx((0.5, 1.0))
    assert scores.f1 == pytest.approx(2 / 3)


def test_si_merges_overlapping_predictions_and_counts_articles_apart():
    # Predictions [0,6) and [4,10) merge to [0,10) = gold in article 1; article 2 is missed.
    gold = si(("1", 0, 10), ("2", 0, 10))
    scores = score_si(gold, si(("1", 0, 6), ("1", 4, 10), ("2", 50, 60)))
    # P = (1 + 0) / 2 predicted spans; R = (1 + 0) / 2 gold spans.
    assert (scores.predicted, scores.gold) == (2, 2)
    assert (scores.precision, scores.recall) == pytest.approx((0.5, 0.5))


def test_tc_micro_f1_and_duplicate_spans_by_hand():
    gold = tc(("1", "Loaded_Language", 0, 5), ("1", "Doubt", 0, 5), ("1", "Slogans", 10, 20), ("2", "Repetition", 3, 9))
    pred = tc(("1", "Doubt", 0, 5), ("1", "Loaded_Language", 0, 5), ("1", "Flag-Waving", 10, 20), ("2", "Repetition", 3, 9))
    micro, per = score_tc(gold, pred)
    assert micro.f1 == pytest.approx(3 / 4)  # the two labels on 0-5 match in either order
    assert per["Slogans"].recall == 0.0 and per["Flag-Waving"].precision == 0.0
    assert per["Repetition"].f1 == pytest.approx(1.0)


def test_tc_spans_that_differ_earn_nothing():
    micro, _ = score_tc(tc(("1", "Doubt", 0, 5)), tc(("1", "Doubt", 0, 6)))
    assert micro.f1 == 0.0


def test_formats_round_trip(tmp_path):
    spans = tc(("7", "Doubt", 4, 9), ("3", "Slogans", 0, 2))
    out = tmp_path / "pred.txt"
    assert write_spans(spans, out, task="tc") == 2
    assert out.read_text().splitlines() == ["3\tSlogans\t0\t2", "7\tDoubt\t4\t9"]
    assert sorted(read_spans(out, task="tc")) == sorted(spans)
    si_file = tmp_path / "si.txt"
    write_spans(si(("3", 0, 2)), si_file, task="si")
    assert si_file.read_text() == "3\t0\t2\n"


def test_labels_folder_and_template(tmp_path):
    (tmp_path / "article1.task-flc-tc.labels").write_text("1\t?\t0\t4\n1\t?\t5\t9\n")
    (tmp_path / "article2.task-flc-tc.labels").write_text("")
    spans = read_spans(tmp_path, task="tc")
    assert [(s.article, s.technique, s.start) for s in spans] == [("1", "?", 0), ("1", "?", 5)]


@pytest.mark.parametrize("line", ["1\t0", "1\tx\t4", "1\tNot_A_Label\t0\t4", "1\t9\t4", "1\t0\t4\t5\t6"])
def test_bad_lines_are_reported_with_their_place(tmp_path, line):
    bad = tmp_path / "bad.labels"
    bad.write_text(line + "\n")
    task = "tc" if line.count("\t") == 3 else "si"
    with pytest.raises(PresslensError) as err:
        read_spans(bad, task=task)
    assert "bad.labels:1" in str(err.value)


def test_articles_are_read_exactly(tmp_path):
    (tmp_path / "article42.txt").write_bytes("Title\r\n\r\nCafé – one.\n".encode())
    (tmp_path / "notes.txt").write_text("ignored")
    articles = read_articles(tmp_path)
    assert articles == {"42": "Title\r\n\r\nCafé – one.\n"}


def test_score_command_prints_the_task_metrics(tmp_path):
    import subprocess
    import sys

    gold, pred = tmp_path / "gold.labels", tmp_path / "pred.labels"
    gold.write_text("1\t0\t10\n1\t20\t30\n")
    pred.write_text("1\t0\t40\n")
    res = subprocess.run(
        [sys.executable, "-m", "presslens", "semeval", "score", "--task", "si", "--format", "json", str(gold), str(pred)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    import json

    data = json.loads(res.stdout)
    assert data["precision"] == pytest.approx(0.5) and data["recall"] == pytest.approx(1.0)
    missing = subprocess.run(
        [sys.executable, "-m", "presslens", "semeval", "score", "--task", "si", str(gold), str(tmp_path / "none")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert missing.returncode == 3 and "E001_NOT_FOUND" in missing.stderr and "Traceback" not in missing.stderr


def test_techniques_command_lists_all_labels():
    import json
    import subprocess
    import sys

    from presslens.techniques.taxonomy import LABELS

    res = subprocess.run([sys.executable, "-m", "presslens", "techniques", "--format", "json"], capture_output=True, text=True)
    rows = json.loads(res.stdout)
    assert [r["label"] for r in rows] == list(LABELS) and len(rows) == 14
    assert all(r["definition"] and r["example"] and r["cues"] for r in rows)

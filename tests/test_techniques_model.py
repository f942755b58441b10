"""The committed techniques model through the public interfaces: the CLI and the pipeline.

These use the model shipped in the package (``src/presslens/models/techniques-fast``) on small
texts written for the tests, never the corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from presslens.api import analyze_text
from presslens.techniques.model import profile_path
from presslens.techniques.taxonomy import LABELS

pytestmark = pytest.mark.skipif(
    not (profile_path("fast") / "model.json").is_file(), reason="no techniques model is installed in the package"
)

PROPAGANDA = (
    "Our glorious nation will never bow to these corrupt traitors and their cowardly lies.\n"
    "Every true patriot knows that the so-called experts are destroying everything we love.\n"
    "Either you stand with us or you stand with the enemies of freedom.\n"
    "They want to flood our streets with criminals, and only we can stop them before it is too late.\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "presslens", *args], capture_output=True, text=True, timeout=300)


def test_analyze_adds_technique_spans(valid_analysis):
    page = analyze_text(PROPAGANDA)
    valid_analysis(page)
    assert page.layers["techniques"], "no technique found in plainly loaded text"
    for t in page.layers["techniques"]:
        assert t.technique in LABELS and 0.0 <= t.score <= 1.0
        assert t.document == "d1" and page.text[t.start : t.end].strip()


def test_min_score_and_model_options(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PROPAGANDA)
    every = json.loads(run("analyze", str(page), "-f", "json").stdout)["techniques"]
    some = json.loads(run("analyze", str(page), "-f", "json", "--min-score", "0.5").stdout)["techniques"]
    assert len(some) <= len(every) and all(t["score"] >= 0.5 for t in some)
    none = json.loads(run("analyze", str(page), "-f", "json", "--model", "none").stdout)["techniques"]
    assert none == []
    missing = run("analyze", str(page), "--model", str(tmp_path / "absent"))
    assert missing.returncode == 3 and "Traceback" not in missing.stderr


def test_semeval_commands_round_trip(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article1.txt").write_text(PROPAGANDA)
    si = tmp_path / "si.txt"
    res = run("semeval", "spans", str(articles), "-o", str(si))
    assert res.returncode == 0, res.stderr
    rows = [line.split("\t") for line in si.read_text().splitlines()]
    assert rows and all(r[0] == "1" and int(r[1]) < int(r[2]) <= len(PROPAGANDA) for r in rows)
    template = tmp_path / "template.txt"
    template.write_text("1\t?\t4\t12\n1\t?\t51\t78\n")
    tc = tmp_path / "tc.txt"
    res = run("semeval", "classify", str(articles), str(template), "-o", str(tc))
    assert res.returncode == 0, res.stderr
    labelled = [line.split("\t") for line in tc.read_text().splitlines()]
    assert [(r[2], r[3]) for r in labelled] == [("4", "12"), ("51", "78")] and all(r[1] in LABELS for r in labelled)
    score = run("semeval", "score", "--task", "tc", "-f", "json", str(tc), str(tc))
    assert json.loads(score.stdout)["f1"] == pytest.approx(1.0)


def test_html_report_explains_each_technique(tmp_path):
    import html as html_lib
    import re

    from presslens.techniques.taxonomy import definitions

    page = tmp_path / "page.txt"
    page.write_text(PROPAGANDA)
    found = json.loads(run("analyze", str(page), "-f", "json").stdout)["techniques"]
    report = run("analyze", str(page), "-f", "html").stdout
    marks = re.findall(r'<mark class="[^"]*\btech\b[^"]*" data-ids="([^"]+)"[^>]*data-definition="([^"]*)"', report)
    assert marks, "no highlighted technique in the report"
    by_id = {t["id"]: t for t in found}
    for ids, definition in marks:
        labels = {by_id[i]["technique"] for i in ids.split() if i in by_id}
        assert html_lib.unescape(definition) in {definitions()[label] for label in labels}

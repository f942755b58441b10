"""The command line, run as a user runs it: a real subprocess, real files, real exit codes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from presslens import __version__
from presslens.errors import ALL_CODES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "compilation-mko.txt"

ARTICLE = """Flood waters rise in the valley

By Maria Lopez

RIVERTON (Reuters) - Flood waters rose on Tuesday across the valley, forcing 2,300 residents
from their homes as the river crested at its highest level in forty years, officials said.

"We have never seen the water this high," said the mayor, who asked residents to stay away
from the embankment until engineers had inspected it.
"""


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "presslens", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True, text=True, timeout=300, cwd=cwd, env=env,
    )  # fmt: skip


def code(name: str) -> int:
    return next(c.exit_status for c in ALL_CODES if c.name == name)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    for args in (["--help"], ["analyze", "--help"]):
        res = run(*args)
        assert res.returncode == 0, res.stderr
        assert "Usage:" in res.stdout


def test_example_page_json_gives_five_reports(valid_analysis):
    res = run("analyze", str(EXAMPLE), "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    valid_analysis(data)
    docs = data["documents"]
    assert [(d["outlet"], d["published"]) for d in docs] == [
        ("Iran Front Page", "2019-07-10"),
        ("Mehr News", "2019-07-10"),
        ("Xinhua", "2019-07-10"),
        ("DER SPIEGEL", "2019-02-19"),
        ("Balkans Post", "2019-01-03"),
    ]
    text = data["text"]
    headline = "US Intelligence MKO Terrorists work closely against Iran ; Iranian Envoy"
    pasted = [b for b in data["boilerplate"] if text[b["start"] : b["end"]] == headline]
    assert pasted and pasted[0]["occurrences"] == 9
    assert all(headline not in (d["title"] or "") for d in docs)
    assert docs[3]["author"] == "Luisa Hommerich"
    # Documents are ordered, disjoint, and start at their headings.
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(docs))
    assert text[docs[0]["start"] :].startswith("1- MKO Closely Working")
    assert text[docs[4]["start"] :].startswith("America is turning Albania")


def test_text_summary_is_default_format_choice_and_readable():
    res = run("analyze", str(EXAMPLE), "--format", "text")
    assert res.returncode == 0, res.stderr
    for outlet in ("Iran Front Page", "Mehr News", "Xinhua", "DER SPIEGEL", "Balkans Post"):
        assert outlet in res.stdout


def test_piped_output_defaults_to_json_for_one_and_jsonl_for_several(tmp_path, valid_analysis):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ARTICLE)
    b.write_text(ARTICLE.replace("2,300", "2,400"))
    one = run("analyze", str(a))
    assert json.loads(one.stdout)["schema"] == "presslens.analysis/1"
    several = run("analyze", str(a), str(b))
    lines = several.stdout.strip().splitlines()
    assert len(lines) == 2 and all(valid_analysis(x)["source"]["path"] for x in lines)
    assert "analysed 2, skipped 0, failed 0" in several.stderr


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "out.json"
    res = run("analyze", "-", "--format", "json", "-o", str(out), stdin=ARTICLE.encode())
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text())
    assert data["documents"][0]["outlet"] == "Reuters"
    assert data["documents"][0]["author"] == "Maria Lopez"


def test_html_report_escapes_markup(tmp_path):
    page = tmp_path / "xss.txt"
    page.write_text("<script>alert(1)</script> and <img src=x onerror=alert(2)> in a report.\n\n" + ARTICLE)
    res = run("analyze", str(page), "--format", "html")
    assert res.returncode == 0, res.stderr
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in res.stdout
    assert "<img src=x onerror" not in res.stdout


# --- bad input: one line on stderr, a documented non-zero exit, never a traceback -------------


def assert_one_line_error(res: subprocess.CompletedProcess[str], name: str) -> None:
    assert res.returncode == code(name), (res.returncode, res.stderr)
    assert "Traceback" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("presslens: error")]
    assert len(errors) == 1 and name in errors[0], res.stderr


def test_missing_file():
    assert_one_line_error(run("analyze", "/nonexistent/page.html"), "E001_NOT_FOUND")


def test_folder_with_no_readable_files(tmp_path):
    (tmp_path / ".hidden").write_text("not counted")
    assert_one_line_error(run("analyze", str(tmp_path)), "E002_NO_INPUTS")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(run("analyze", str(empty)), "E003_EMPTY")


def test_binary_file(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 40)
    assert_one_line_error(run("analyze", str(blob)), "E004_BINARY")


def test_unsupported_type(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert_one_line_error(run("analyze", str(pdf)), "E006_UNSUPPORTED")


def test_file_over_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    res = run("analyze", str(big))
    assert_one_line_error(res, "E005_TOO_LARGE")
    assert "--max-size" in res.stderr
    small = tmp_path / "small.txt"
    small.write_text(ARTICLE)
    assert_one_line_error(run("analyze", str(small), "--max-size", "100B"), "E005_TOO_LARGE")


def test_bad_max_size_is_a_usage_error(tmp_path):
    res = run("analyze", str(EXAMPLE), "--max-size", "lots")
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_truncated_html_still_analyses(tmp_path):
    page = tmp_path / "cut.html"
    body = "".join(f"<p>Paragraph {i} of a report about the harbour strike and its costs.</p>" for i in range(30))
    page.write_text(f"<html><head><title>Harbour strike</title></head><body><article>{body}"[:-37])
    res = run("analyze", str(page), "--format", "json")
    assert res.returncode == 0, res.stderr
    assert "harbour strike" in json.loads(res.stdout)["text"]


def test_one_bad_input_does_not_stop_the_batch(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "z.txt").write_text(ARTICLE)
    res = run("analyze", str(tmp_path), "/nonexistent")
    assert res.returncode == code("E012_PARTIAL"), res.stderr
    assert len(res.stdout.strip().splitlines()) == 2
    assert "analysed 2, skipped 2, failed 1" in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.slow
def test_thousand_files_in_one_batch(tmp_path, valid_analysis):
    folder = tmp_path / "pages"
    for i in range(1000):
        sub = folder / f"{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page-{i:04d}.txt").write_text(ARTICLE.replace("2,300", f"{i:,}"))
    (folder / "07" / "broken.txt").write_bytes(b"\x00" * 64)
    # The quick profile: what is tested is the batch, not the model.
    res = run("analyze", str(folder), "--progress", "--model", "fast", "-o", str(tmp_path / "out.jsonl"))
    assert res.returncode == 0, res.stderr[-2000:]
    assert "analysed 1000, skipped 1, failed 0" in res.stderr
    assert "1001/1001" in res.stderr  # the progress bar reached the end
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 1000
    assert len({json.loads(line)["source"]["sha256"] for line in lines}) == 1000
    for line in lines[::97]:
        valid_analysis(line)

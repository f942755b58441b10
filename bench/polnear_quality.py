"""Quotes against PolNeAR's attribution relations (US political news, LREC 2018), development partition.

    python bench/polnear_quality.py [--data ../shared/data/polnear] [--limit N]

A check on news nobody here wrote: PolNeAR marks, for each attribution, its Content, its Cue and
its Source as written (a name, a description or a pronoun; not resolved). Prints precision,
recall and F1 of presslens quotes against the relations with a speech cue (say, tell, add...;
PolNeAR also marks beliefs and perceptions, which the quotes stage does not look for):

- content: a quote overlapping a gold content by at least half of the longer of the two;
- content + source: the same, and presslens's speaker mention overlapping the gold source span.

Uses the first annotator's file per article. Needs the corpus (not in the repository): without
it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution_quality import Item, Score, half_of_longer, overlap

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear"
SPEECH = re.compile(
    r"(?i)^(?:say|said|says|saying|tell|told|tells|add|added|adds|write|wrote|writes|claim|claimed|claims|insist|"
    r"insisted|warn|warned|argue|argued|explain|explained|state|stated|note|noted|declare|declared|announce|announced|"
    r"according to|ask|asked|reply|replied|respond|responded|deny|denied|denies|admit|admitted|acknowledge|acknowledged|"
    r"report|reported|reports|tweet|tweeted|suggest|suggested|confirm|confirmed|recall|recalled)\b"
)


def relations(ann: Path) -> list[tuple[tuple[int, int], tuple[int, int] | None, str]]:
    """(content span, source span or None, cue) per relation with a speech cue; split spans joined."""
    spans: dict[str, tuple[int, int]] = {}
    text_of: dict[str, str] = {}
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, middle, *rest = line.split("\t")
            pieces = [tuple(map(int, p.split()[-2:])) for p in middle.split(" ", 1)[1].split(";")]
            spans[tid] = (min(p[0] for p in pieces), max(p[1] for p in pieces))
            text_of[tid] = rest[0] if rest else ""
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("E"):
            parts = dict(p.split(":") for p in line.split("\t")[1].split())
            cue = text_of.get(parts.get("Cue", ""), "")
            if "Content" in parts and SPEECH.match(cue.strip()):
                out.append((spans[parts["Content"]], spans.get(parts.get("Source", "")), cue))
    return out


def same_source(g: Item, p: Item) -> bool:
    return half_of_longer(g, p) and g.target is not None and p.target is not None and overlap(g.target, p.target) > 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    folder = args.data / "dev"
    if not (folder / "text").is_dir():
        print(f"polnear_quality: no PolNeAR development set at {args.data}; nothing measured")
        return 0
    from rich.progress import track

    from presslens.page import Page
    from presslens.pipeline import STAGES, Pipeline

    Pipeline.from_names([])  # registers the built-in stages
    texts = sorted((folder / "text").glob("*.txt"))[: args.limit or None]
    content, with_source = Score(), Score()
    for path in track(texts, description="polnear", transient=True, disable=not sys.stderr.isatty()):
        anns = sorted((folder / "attributions").glob(path.stem + "*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        gold = relations(anns[0])
        page = Page(text=text)
        page.add("documents", start=0, end=len(text))
        page = STAGES["quotes"]()(page)
        pred = page.layers["quotes"]
        g_items = [Item(c[0], c[1], target=s) for c, s, _ in gold]
        p_items = [
            Item(q.start, q.end, target=(q.speaker_start, q.speaker_end) if q.speaker_start is not None else None)
            for q in pred  # type: ignore[attr-defined]
        ]
        content.add(g_items, p_items, half_of_longer)
        with_source.add(g_items, p_items, same_source)
    print(f"{len(texts)} PolNeAR development articles (relations with a speech cue)")
    print(content.line("content (overlap >= 50%)"))
    print(with_source.line("content + source mention"))
    print(f"polnear_quality content_f1={content.f1:.4f} source_f1={with_source.f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Main-text extraction quality: presslens ``extract_html`` beside plain ``trafilatura.extract``.

    python bench/extraction_quality.py [--data DIR] [--explain NAME]

Over every ``NAME.html`` + ``NAME.gold.txt`` in DIR (default ``bench/data/news-html``) it prints
per-page and set-level shingle precision/recall/F1 for both extractors (scored as the
ScrapingHub article-extraction-benchmark does; see ``bench/common.py``), then presslens's
metadata accuracy against ``NAME.meta.json`` where present. The last line is machine-readable:

    extraction_f1 presslens=0.964 trafilatura=0.958
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import trafilatura

from common import (
    DEFAULT_DATA,
    META_FIELDS,
    Case,
    corpus_scores,
    load_cases,
    print_table,
    same_field,
    shingle_match,
    token_accuracy,
    tokenize,
)
from presslens.errors import PresslensError
from presslens.ingest.extract import extract_html
from presslens.page import Metadata


def run_presslens(case: Case) -> tuple[str, Metadata | None]:
    try:
        return extract_html(case.html, url=None)
    except PresslensError as exc:
        print(f"warning: presslens failed on {case.name}: {exc}", file=sys.stderr)
        return "", None


def run_trafilatura(case: Case) -> str:
    # Plain defaults, as a user of the library would call it (and as the benchmark's
    # run_trafilatura.py does, apart from its include_comments=False).
    return trafilatura.extract(case.html) or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of NAME.html + NAME.gold.txt (+ NAME.meta.json)")
    ap.add_argument(
        "--explain", metavar="NAME", action="append", default=[], help="show what each extractor lost and added on NAME"
    )
    ap.add_argument("-n", type=int, default=4, help="shingle size (default 4, as the benchmark)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page

    cases = load_cases(args.data)
    rows, ours, theirs, our_acc, their_acc = [], [], [], [], []
    meta_hits = {f: 0 for f in META_FIELDS}
    meta_pages = 0
    meta_misses: list[tuple[str, str, str | None, str | None]] = []
    outputs = [(case, *run_presslens(case)) for case in cases]
    plain = {case.name: run_trafilatura(case) for case in cases}

    for case, text, meta in outputs:
        base = plain[case.name]
        m_ours, m_theirs = shingle_match(text, case.gold, args.n), shingle_match(base, case.gold, args.n)
        ours.append(m_ours)
        theirs.append(m_theirs)
        our_acc.append(token_accuracy(text, case.gold))
        their_acc.append(token_accuracy(base, case.gold))
        flags = "-"
        if case.meta is not None:
            meta_pages += 1
            flags = ""
            for f in META_FIELDS:
                got = getattr(meta, f) if meta is not None else None
                ok = same_field(f, case.meta.get(f), got)
                meta_hits[f] += ok
                flags += f[0].upper() if ok else "."
                if not ok:
                    meta_misses.append((case.name, f, case.meta.get(f), got))
        rows.append(
            [case.name, m_ours.precision, m_ours.recall, m_ours.f1, m_theirs.precision, m_theirs.recall, m_theirs.f1, flags]
        )

    s_ours, s_theirs = corpus_scores(ours, our_acc), corpus_scores(theirs, their_acc)
    print(f"Extraction quality over {len(cases)} pages in {args.data} ({args.n}-token shingles)")
    print(f"trafilatura {trafilatura.__version__}; presslens = extract_html (bare_extraction, tables on, comments off, _tidy)")
    print()
    headers = ["page", "pl P", "pl R", "pl F1", "tf P", "tf R", "tf F1", "meta"]
    print_table(headers, rows)
    print()
    print_table(
        ["extractor", "P", "R", "F1", "mean page F1", "exact"],
        [
            ["presslens", s_ours.precision, s_ours.recall, s_ours.f1, s_ours.mean_page_f1, s_ours.accuracy],
            ["trafilatura", s_theirs.precision, s_theirs.recall, s_theirs.f1, s_theirs.mean_page_f1, s_theirs.accuracy],
        ],
    )
    print("F1 = 2PR/(P+R) of the mean P and mean R (benchmark convention); exact = token-identical pages.")
    print()
    if meta_pages:
        print(f"presslens metadata accuracy over {meta_pages} pages (meta column: T=title A=author P=published S=site_name)")
        print_table(
            ["field", "correct", "rate"], [[f, f"{meta_hits[f]}/{meta_pages}", meta_hits[f] / meta_pages] for f in META_FIELDS]
        )
        if meta_misses:
            print()
            print_table(["page", "field", "expected", "got"], [[n, f, repr(e), repr(g)] for n, f, e, g in meta_misses])
        print()
    for name in args.explain:
        explain(name, outputs, plain, args.n)
    print(f"extraction_f1 presslens={s_ours.f1:.3f} trafilatura={s_theirs.f1:.3f}")
    return 0


def explain(name: str, outputs: list[tuple[Case, str, Metadata | None]], plain: dict[str, str], n: int) -> None:
    """Paragraphs of the gold text each extractor missed, and paragraphs it added."""
    found = [o for o in outputs if o[0].name == name]
    if not found:
        print(f"--explain: no page named {name!r}")
        return
    case, text, _ = found[0]
    for label, pred in (("presslens", text), ("trafilatura", plain[name])):
        print(f"== {name}: {label} ==")
        for kind, paras, other in (("missing", _paras(case.gold), pred), ("extra", _paras(pred), case.gold)):
            haystack = " " + " ".join(tokenize(other)) + " "
            for para in paras:
                tokens = tokenize(para)
                # A paragraph counts as present when most of its n-token runs occur in the other text.
                runs = [" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))] if tokens else []
                found = sum(f" {run} " in haystack for run in runs)
                if runs and found / len(runs) < 0.5:
                    print(f"  {kind}: {para[:160]}")
        print()


def _paras(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


if __name__ == "__main__":
    sys.exit(main())

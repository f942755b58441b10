"""Extraction speed: presslens (ingest + extract + default pipeline) beside plain trafilatura.

    python bench/extract_speed.py [--data DIR] [--pages N] [--repeat N]

The pages of DIR (default ``bench/data/news-html``) are copied into a temporary folder, cycled
and slightly varied (a comment, a meta tag and the title change per copy) until there are
``--pages`` of them (default 200), so that timings are long enough to be stable and no copy
is byte-identical to another. Then, in one process and one thread, each of ``--repeat`` rounds
times, over the same files:

* presslens: ``presslens.api.analyze_paths([folder])`` with the default pipeline (read, sniff,
  decode, ``extract_html``, segmentation), counting the pages that come out;
* presslens, extraction only: the same ingestion and ``load_page`` without the pipeline;
* trafilatura: ``trafilatura.extract(path.read_bytes())`` with its defaults.

It prints pages per second (best and median round) and the ratio presslens / trafilatura on the
median. The last line is machine-readable:

    extract_speed presslens=140.7 trafilatura=241.2 ratio=0.58
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import trafilatura

from common import DEFAULT_DATA, Timer, peak_rss_mib, print_table
from presslens.api import analyze_paths
from presslens.errors import PresslensError
from presslens.ingest import iter_items, load_page

_TITLE = re.compile(r"(<title[^>]*>)(.*?)(</title>)", re.I | re.S)
_BODY = re.compile(r"(<body[^>]*>)", re.I)
_HEAD = re.compile(r"(<head[^>]*>)", re.I)


def vary(html: str, i: int) -> str:
    """A copy of ``html`` that differs from every other copy in a few bytes but not in its text."""
    html = _TITLE.sub(lambda m: f"{m.group(1)}{m.group(2)} ({i}){m.group(3)}", html, count=1)
    html = _HEAD.sub(lambda m: f'{m.group(1)}\n<meta name="bench-copy" content="{i}">', html, count=1)
    return _BODY.sub(lambda m: f"{m.group(1)}\n<!-- bench copy {i} -->", html, count=1)


def build_folder(source: Path, pages: int, into: Path) -> list[Path]:
    """Write the benchmark's pages into ``into`` and return their paths, sorted."""
    originals = sorted(source.glob("*.html")) + sorted(source.glob("*.htm"))
    if not originals:
        raise SystemExit(f"no .html pages in {source}")
    if pages <= 0:
        for path in originals:
            shutil.copyfile(path, into / path.name)
    else:
        texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in originals]
        for i in range(pages):
            k = i % len(originals)
            out = into / f"{i:04d}-{originals[k].name}"
            out.write_bytes(vary(texts[k], i).encode("utf-8", errors="surrogateescape"))
    return sorted(into.iterdir())


def run_presslens(folder: Path, paths: list[Path]) -> int:
    return sum(1 for result in analyze_paths([str(folder)]) if result.page is not None)


def run_extract_only(folder: Path, paths: list[Path]) -> int:
    done = 0
    for item in iter_items([str(folder)]):
        if item.error is None:
            try:
                load_page(item)
                done += 1
            except PresslensError:
                pass
    return done


def run_trafilatura(folder: Path, paths: list[Path]) -> int:
    return sum(1 for path in paths if trafilatura.extract(path.read_bytes()))


RUNNERS: dict[str, Callable[[Path, list[Path]], int]] = {
    "presslens": run_presslens,
    "presslens extract only": run_extract_only,
    "trafilatura": run_trafilatura,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .html pages (other files are ignored)")
    ap.add_argument("--pages", type=int, default=200, help="pages to time, by cycling varied copies (0: the originals once)")
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds per extractor (default 5)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="presslens-bench-") as tmp:
        folder = Path(tmp)
        paths = build_folder(args.data, args.pages, folder)
        size = sum(p.stat().st_size for p in paths)
        print(f"Extraction speed over {len(paths)} pages ({size / 1_048_576:.1f} MiB) copied from {args.data}")
        print(f"trafilatura {trafilatura.__version__}; one process, one thread; {args.repeat} timed rounds each")
        rss_start = peak_rss_mib()

        # Warm-up: imports, lazily compiled patterns and lxml's first parse are not what we time.
        warm = paths[: min(5, len(paths))]
        warm_dir = folder / ".warm"  # hidden: analyze_paths over `folder` skips it
        warm_dir.mkdir()
        for p in warm:
            shutil.copyfile(p, warm_dir / p.name)
        for runner in RUNNERS.values():
            runner(warm_dir, sorted(warm_dir.iterdir()))

        seconds: dict[str, list[float]] = {name: [] for name in RUNNERS}
        counts: dict[str, int] = {}
        for round_no in range(args.repeat):
            # Alternate the order so that neither side always runs on a warmer machine.
            order = list(RUNNERS.items()) if round_no % 2 == 0 else list(reversed(RUNNERS.items()))
            for name, runner in order:
                with Timer() as t:
                    counts[name] = runner(folder, paths)
                seconds[name].append(t.seconds)

    rows, rate = [], {}
    for name, secs in seconds.items():
        best, median = len(paths) / min(secs), len(paths) / statistics.median(secs)
        rate[name] = median
        rows.append([name, counts[name], f"{statistics.median(secs):.2f}", f"{best:.1f}", f"{median:.1f}",
                     f"{1000 * statistics.median(secs) / len(paths):.1f}"])  # fmt: skip
    print()
    print_table(["extractor", "pages out", "median s", "best pages/s", "median pages/s", "ms/page"], rows)
    ratio = rate["presslens"] / rate["trafilatura"]
    print()
    print(f"presslens / trafilatura (median pages/s): {ratio:.2f}x")
    print(f"segmentation share of presslens time: {1 - rate['presslens'] / rate['presslens extract only']:.0%}")
    print(f"peak RSS: {peak_rss_mib():.0f} MiB (at start {rss_start:.0f} MiB; ru_maxrss, whole process)")
    print(f"extract_speed presslens={rate['presslens']:.1f} trafilatura={rate['trafilatura']:.1f} ratio={ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

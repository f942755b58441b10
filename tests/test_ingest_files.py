"""Single files and folders through ``analyze_paths``: encodings, refusals and folder walks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from presslens.api import Result, analyze_paths
from presslens.options import Options

FRENCH = "Le café a rouvert lundi – une idée naïve, déjà vue à Noël.\n"
JAPANESE = (
    "東京都は月曜日、新しい防災計画を発表した。計画では、大雨の際に住民が早めに避難できるよう、避難所の数を増やすとしている。"
)
CHINESE = "北京市政府星期一宣布了新的防洪计划。根据该计划，市政府将在雨季增加避难所的数量，并加强对河流的监测。"
RUSSIAN = (
    "Москва, 5 марта. Городские власти объявили о новом плане защиты от наводнений. "
    "По словам мэра, в школах откроют пункты временного размещения."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))


def analyse(*paths: Path | str, options: Options = Options()) -> list[Result]:
    return list(analyze_paths([str(p) for p in paths], options=options))


def one(path: Path, data: bytes, options: Options = Options()) -> Result:
    path.write_bytes(data)
    [result] = analyse(path, options=options)
    return result


def code(result: Result) -> str | None:
    return result.error.code.name if result.error else None


# --- encodings -------------------------------------------------------------------------------


def test_utf8_text(tmp_path: Path) -> None:
    data = FRENCH.encode("utf-8")
    result = one(tmp_path / "story.txt", data)
    assert result.page is not None
    assert result.page.text == FRENCH
    source = result.page.source
    assert (source.path, source.media_type, source.encoding) == (str(tmp_path / "story.txt"), "text/plain", "utf-8")
    assert source.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"), ("utf-16-be", None)])
def test_unicode_with_bom(tmp_path: Path, encoding: str, bom: str | None) -> None:
    data = ("\ufeff" + FRENCH).encode("utf-16-be") if bom is None else FRENCH.encode(encoding)
    result = one(tmp_path / "story.txt", data)
    assert result.page is not None
    assert result.page.text == FRENCH  # no BOM left at the start
    assert result.page.source.encoding in ("utf-16", "utf-8-sig")


def test_windows_newlines_are_normalised(tmp_path: Path) -> None:
    result = one(tmp_path / "story.txt", b"First paragraph.\r\n\r\nSecond paragraph.\r\n")
    assert result.page is not None
    assert result.page.text == "First paragraph.\n\nSecond paragraph.\n"


def test_cp1252_text(tmp_path: Path) -> None:
    result = one(tmp_path / "story.txt", "café – naïve".encode("cp1252"))
    assert result.page is not None
    assert result.page.text == "café – naïve"


def test_latin1_text(tmp_path: Path) -> None:
    result = one(tmp_path / "story.txt", FRENCH.replace("–", "-").encode("latin-1"))
    assert result.page is not None
    assert result.page.text == FRENCH.replace("–", "-")


def test_invalid_utf8_bytes_do_not_stop_the_page(tmp_path: Path) -> None:
    data = b"Officials said the bridge would reopen on Monday.\n" * 3 + b"A stray \xff byte.\n"
    result = one(tmp_path / "story.txt", data)
    assert result.page is not None
    assert "Officials said the bridge would reopen on Monday." in result.page.text
    assert "A stray" in result.page.text


def test_invalid_byte_in_utf8_text_keeps_the_valid_text(tmp_path: Path) -> None:
    data = FRENCH.encode("utf-8") * 3 + b"A stray \xff byte.\n"
    result = one(tmp_path / "story.txt", data)
    assert result.page is not None
    assert result.page.text.startswith(FRENCH * 3)
    assert result.page.source.encoding == "utf-8"


@pytest.mark.parametrize(("text", "encoding"), [(JAPANESE, "shift_jis"), (CHINESE, "gb2312")])
def test_east_asian_legacy_encodings_are_detected(tmp_path: Path, text: str, encoding: str) -> None:
    result = one(tmp_path / "story.txt", text.encode(encoding))
    assert result.page is not None
    assert result.page.text == text


def test_html_meta_charset_is_used(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Новости: план защиты от наводнений</title></head>'
        f"<body><article><h1>План защиты от наводнений</h1><p>{RUSSIAN}</p><p>{RUSSIAN}</p></article></body></html>"
    )
    result = one(tmp_path / "news.html", html.encode("cp1251"))
    assert result.page is not None
    assert RUSSIAN in result.page.text
    assert result.page.source.media_type == "text/html"
    assert result.page.source.encoding == "cp1251"
    assert result.page.metadata.title and "наводнений" in result.page.metadata.title


def test_html_is_recognised_without_a_suffix(tmp_path: Path) -> None:
    html = "<!DOCTYPE html><html><body><article><p>Flood waters rose overnight in Riverton, officials said.</p></article></body>"
    result = one(tmp_path / "page", html.encode())
    assert result.page is not None
    assert result.page.source.media_type == "text/html"
    assert "<p>" not in result.page.text and "Flood waters rose overnight" in result.page.text


@pytest.mark.parametrize(
    "data",
    [
        b"<html><head><title>Cut</title></head><body><article><p>Flood waters rose overnight in Riverton.</p><p>The mayor sa",
        b"<html><head><title>Cut</title></head><body><article><p>Flood waters rose overnight in Riverton.</p><p cla",
        b"<html><body><p>Flood waters rose overnight in Riverton.",
    ],
)
def test_truncated_html_still_gives_text(tmp_path: Path, data: bytes) -> None:
    result = one(tmp_path / "cut.html", data)
    assert result.page is not None
    assert "Flood waters rose overnight in Riverton." in result.page.text
    assert "<" not in result.page.text


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["blob", "image.txt"])
def test_binary_content_is_refused(tmp_path: Path, name: str) -> None:
    result = one(tmp_path / name, PNG)
    assert code(result) == "E004_BINARY"
    assert result.item.source.path == str(tmp_path / name)


@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "data.dat"])
def test_unsupported_types_are_refused(tmp_path: Path, name: str) -> None:
    content = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" if name.endswith(".pdf") else PNG
    result = one(tmp_path / name, content)
    assert code(result) == "E006_UNSUPPORTED"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  ", " \n\n ".encode("utf-16")], ids=["empty", "whitespace", "utf16-space"])
def test_empty_inputs(tmp_path: Path, data: bytes) -> None:
    assert code(one(tmp_path / "empty.txt", data)) == "E003_EMPTY"


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    result = one(tmp_path / "blank.html", b"<html><head><style>p{}</style></head><body><script>x()</script></body></html>")
    assert code(result) == "E003_EMPTY"


def test_size_limit(tmp_path: Path) -> None:
    options = Options(max_bytes=100)
    big = one(tmp_path / "big.txt", b"word " * 21, options)
    assert code(big) == "E005_TOO_LARGE"
    assert "big.txt" in big.error.message
    at_limit = one(tmp_path / "fits.txt", b"word " * 20, options)
    assert at_limit.error is None


# --- paths and folders -----------------------------------------------------------------------


def test_folder_is_walked_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep" / "deeper").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    files = {
        "z.txt": "Top level page.",
        "a/one.txt": "First nested page.",
        "b/two.html": "<html><body><p>Second nested page, in HTML.</p></body></html>",
        "b/deep/deeper/three.md": "Third page, three folders down.",
        ".hidden.txt": "A dot-file that is skipped.",
        "b/.draft.txt": "A nested dot-file that is skipped.",
        ".git/config.txt": "Inside a dot-folder: skipped.",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results = analyse(tmp_path)
    assert all(r.error is None for r in results)
    assert [Path(r.item.source.path).relative_to(tmp_path).as_posix() for r in results] == [
        "z.txt",
        "a/one.txt",
        "b/two.html",
        "b/deep/deeper/three.md",
    ]
    assert "Second nested page, in HTML." in results[2].page.text
    with_hidden = analyse(tmp_path, options=Options(include_hidden=True))
    assert len(with_hidden) == 7


def test_empty_folders_have_no_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    hidden_only = tmp_path / "hidden-only"
    hidden_only.mkdir()
    (hidden_only / ".notes.txt").write_text("skipped", encoding="utf-8")
    results = analyse(empty, hidden_only)
    assert [code(r) for r in results] == ["E002_NO_INPUTS", "E002_NO_INPUTS"]
    assert str(empty) in results[0].error.message


def test_missing_path_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A page that exists.", encoding="utf-8")
    missing = tmp_path / "nope" / "missing.txt"
    results = analyse(missing, good)
    assert [code(r) for r in results] == ["E001_NOT_FOUND", None]
    assert str(missing) in results[0].error.message
    assert results[1].page is not None and results[1].page.text == "A page that exists."

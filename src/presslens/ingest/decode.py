"""Bytes to text: encoding detection that never fails, and binary detection."""

from __future__ import annotations

import codecs

import charset_normalizer

from presslens.errors import BINARY, PresslensError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Letters and punctuation of Western European text in cp1252 (not the rarely used Icelandic ð/þ/ý,
# which are what Turkish and Baltic bytes look like in cp1252).
_WESTERN = (set(map(chr, range(0xC0, 0x100))) - set("ÐÝÞðýþ×÷")) | set("“”‘’–—…€«»°©®£¡¿ºª·\u00a0")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding: NUL bytes or many control bytes.

    UTF-16/32 text has NUL bytes too, so a BOM exempts the data.
    """
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; invalid bytes become U+FFFD.

    Order: a BOM, then strict UTF-8 (most of the web), then a declared charset, then
    charset-normalizer's best guess, then cp1252 with replacement.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(name, errors="replace")), name
    if looks_binary(data):
        raise PresslensError(BINARY, "input is binary (NUL or control bytes), not text or HTML")
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes is still UTF-8: keep the valid text, replace the bad bytes.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if good and bad <= good:
        return _normalise(lenient), "utf-8"
    if declared:
        try:
            return _normalise(data.decode(declared)), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    # charset-normalizer cannot tell cp1252 from cp1250/cp1257/cp1125 in a short text; prefer the
    # web's default legacy encoding when it is nearly as good and reads as Western European.
    western = next((m for m in results if m.encoding == "cp1252"), None)
    if best is not None and western is not None and western.chaos <= best.chaos + 0.12:
        text = str(western)
        if all(ch in _WESTERN for ch in text if ord(ch) > 127):
            return _normalise(text), "cp1252"
    if best is not None and best.encoding:
        return _normalise(str(best)), best.encoding
    return _normalise(data.decode("cp1252", errors="replace")), "cp1252"


def _normalise(text: str) -> str:
    # One newline convention, so offsets mean the same on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n")

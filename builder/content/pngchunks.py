"""PNG files as their chunks: enough to check a badge's PNG and to bake an assertion into it.

A PNG is an 8-byte signature and a list of chunks, each its length, its 4-letter type, its data
and a CRC-32 of type and data (the PNG specification, section 5). Baking (builder/outputs/badges.py)
adds one text chunk and copies the others as they are, so the pixels are never decoded: reading
the chunks, with their lengths and checksums checked, is all a badge image needs.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) of each chunk up to IEND; raises ValueError saying what is wrong."""
    if not data.startswith(SIGNATURE):
        raise ValueError("it does not start as a PNG file does")
    found: list[tuple[bytes, bytes]] = []
    position = len(SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise ValueError("it ends before its last chunk (IEND)")
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 8 + length
        if end + 4 > len(data):
            raise ValueError(f"its {kind!r} chunk is longer than the file")
        body = data[position + 8:end]
        if struct.unpack(">I", data[end:end + 4])[0] != zlib.crc32(kind + body):
            raise ValueError(f"its {kind!r} chunk is damaged (wrong checksum)")
        if not kind.isalpha():
            raise ValueError("it has a chunk whose type is not four letters")
        found.append((kind, body))
        position = end + 4
        if kind == b"IEND":
            break
    if not found or found[0][0] != b"IHDR":
        raise ValueError("its first chunk is not IHDR")
    return found


def chunk(kind: bytes, body: bytes) -> bytes:
    """One chunk as the file holds it."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def with_text(data: bytes, keyword: str, text: str) -> bytes:
    """The PNG with an uncompressed international text chunk (iTXt) `keyword` holding `text`, right
    after IHDR, in place of any text chunk of that keyword it had."""
    key = keyword.encode("latin-1") + b"\x00"
    kept = [(kind, body) for kind, body in chunks(data)
            if not (kind in (b"iTXt", b"tEXt", b"zTXt") and body.startswith(key))]
    itxt = key + b"\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")  # no compression, no language, no translation
    parts = [chunk(*kept[0]), chunk(b"iTXt", itxt), *(chunk(kind, body) for kind, body in kept[1:])]
    return SIGNATURE + b"".join(parts)

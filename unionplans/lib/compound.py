"""Which Office file an OLE compound file (MS-CFB) is — Word, Excel or PowerPoint 97-2003, and
the WPS files written in their formats (.wps, .et, .dps) — read from the names of its streams.

The directory is read sector by sector from the file's allocation table, bounded by the file's
size, so that a damaged or hostile file (a chain that loops, sectors beyond its end) is answered
with None, never a hang. Used by the report attachments' checks and by the plan importer."""

import io
import struct
from typing import BinaryIO

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The streams that make a compound file a Word, Excel or PowerPoint file.
_STREAMS = {
    "WordDocument": "doc",
    "Workbook": "xls",
    "Book": "xls",
    "PowerPoint Document": "ppt",
}
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


class _NotCompound(Exception):
    pass


def stream_names(source: BinaryIO | bytes) -> set[str] | None:
    """The names in the file's directory, or None when it is no compound file or one whose
    directory cannot be read (damaged, cut short, a chain that loops). A file object is left at
    offset 0."""
    fileobj = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return _stream_names(fileobj)
    except (_NotCompound, struct.error, OSError, ValueError):
        return None
    finally:
        fileobj.seek(0)


def office_kind(source: BinaryIO | bytes) -> str | None:
    """The kind, "doc", "xls" or "ppt", of a compound file holding that Office format's main
    stream, else None. A file object is left at offset 0."""
    names = stream_names(source) or set()
    return next((kind for name, kind in _STREAMS.items() if name in names), None)


def _stream_names(fileobj: BinaryIO) -> set[str]:
    fileobj.seek(0, 2)
    file_size = fileobj.tell()
    fileobj.seek(0)
    header = fileobj.read(512)
    if len(header) < 512 or not header.startswith(SIGNATURE):
        raise _NotCompound
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise _NotCompound
    sector_size = 1 << sector_shift
    per_sector = sector_size // 4
    fat_count, first_directory = struct.unpack_from("<II", header, 44)
    first_difat, difat_count = struct.unpack_from("<II", header, 68)
    max_sectors = file_size // sector_size + 1
    if fat_count > max_sectors:
        raise _NotCompound

    def sector(number: int) -> bytes:
        if number >= max_sectors:
            raise _NotCompound
        fileobj.seek((number + 1) * sector_size)
        data = fileobj.read(sector_size)
        if len(data) < sector_size:
            raise _NotCompound
        return data

    fat_sectors = [n for n in struct.unpack_from("<109I", header, 76) if n != _FREE]
    next_difat, seen = first_difat, 0
    while next_difat not in (_FREE, _END_OF_CHAIN) and seen < difat_count:
        entries = struct.unpack(f"<{per_sector}I", sector(next_difat))
        fat_sectors.extend(n for n in entries[:-1] if n != _FREE)
        next_difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for number in fat_sectors[:fat_count]:
        fat.extend(struct.unpack(f"<{per_sector}I", sector(number)))

    names, current, visited = set(), first_directory, 0
    while current not in (_FREE, _END_OF_CHAIN):
        visited += 1
        if visited > max_sectors or current >= len(fat):
            raise _NotCompound  # a loop or a chain leaving the file
        data = sector(current)
        for offset in range(0, sector_size, 128):
            length = struct.unpack_from("<H", data, offset + 64)[0]
            if 2 <= length <= 64:
                names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names

"""Small files of each kind, made in the test: no binary fixtures in the repository."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def png(width=2, height=2):
    """A real PNG image (grey pixels)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64

_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def ooxml(kind, *, content_type=None, include_part=True, include_types=True, extra=""):
    """An Office Open XML package of ``kind`` (docx, xlsx, pptx)."""
    part, suffix = _MAIN[kind]
    content_type = content_type or f"application/vnd.openxmlformats-officedocument.{suffix}"
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"{extra}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if include_types:
            archive.writestr("[Content_Types].xml", types)
        if include_part:
            archive.writestr(part, "<root/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole(stream_name="WordDocument", *, loop=False):
    """A minimal OLE compound file (MS-CFB, 512-byte sectors): sector 0 is the FAT, sector 1
    the directory with a root entry and one stream called ``stream_name``. ``loop`` makes the
    directory chain point at itself."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<II", header, 60, _END, 0)  # no mini FAT
    struct.pack_into("<II", header, 68, _END, 0)  # no DIFAT sectors
    struct.pack_into("<109I", header, 76, 0, *([_FREE] * 108))
    fat = [_FATSECT, 1 if loop else _END] + [_FREE] * 126
    fat_sector = struct.pack("<128I", *fat)

    def entry(name, kind):
        data = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        data[: len(encoded)] = encoded
        struct.pack_into("<HB", data, 64, len(encoded), kind)
        return bytes(data)

    directory = entry("Root Entry", 5) + entry(stream_name, 2) + bytes(128) * 2
    return bytes(header) + fat_sector + directory


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)

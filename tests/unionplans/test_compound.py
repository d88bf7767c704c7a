"""unionplans.lib.compound: an OLE compound file's Office kind from its directory, and None for
anything else or anything damaged, quickly."""

import io
import time

import pytest

from tests.tasks.workspace.files import ole
from unionplans.lib import compound


@pytest.mark.parametrize(
    ("stream", "kind"),
    [("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"), ("PowerPoint Document", "ppt")],
)
def test_the_kind_comes_from_the_main_stream(stream, kind):
    data = ole(stream)
    assert compound.office_kind(data) == kind
    assert stream in compound.stream_names(data)
    buffer = io.BytesIO(data)
    buffer.seek(100)
    assert compound.office_kind(buffer) == kind
    assert buffer.tell() == 0  # a file object is left at its start


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"PK\x03\x04 a zip",
        compound.SIGNATURE + b"\0" * 64,  # cut short
        ole("WordDocument")[:600],
        ole("WordDocument", loop=True),  # a directory chain that points at itself
    ],
)
def test_no_or_a_damaged_compound_file_has_no_names(data):
    started = time.monotonic()
    assert compound.stream_names(data) is None
    assert compound.office_kind(data) is None
    assert time.monotonic() - started < 1


def test_a_compound_file_of_another_kind_has_names_but_no_kind():
    data = ole("EncryptedPackage")  # a password-protected .docx or .xlsx
    assert "EncryptedPackage" in compound.stream_names(data)
    assert compound.office_kind(data) is None

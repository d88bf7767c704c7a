"""Attachments are accepted by their content, not by their name."""

import io

import pytest
from django.core.exceptions import ValidationError

from tasks.workspace import attachments
from tests.tasks.workspace import files

ACCEPTED = [
    ("photo.png", files.png(), "png"),
    ("photo.JPG", files.JPEG, "jpeg"),
    ("photo.jpeg", files.JPEG, "jpeg"),
    ("anim.gif", files.GIF, "gif"),
    ("pic.webp", files.WEBP, "webp"),
    ("总结.pdf", files.PDF, "pdf"),
    ("总结.docx", files.ooxml("docx"), "docx"),
    ("台账.xlsx", files.ooxml("xlsx"), "xlsx"),
    ("汇报.pptx", files.ooxml("pptx"), "pptx"),
    ("旧.doc", files.ole("WordDocument"), "doc"),
    ("旧.xls", files.ole("Workbook"), "xls"),
    ("更旧.xls", files.ole("Book"), "xls"),
    ("旧.ppt", files.ole("PowerPoint Document"), "ppt"),
]


@pytest.mark.parametrize(("name", "content", "kind"), ACCEPTED)
def test_accepted_kinds(name, content, kind):
    assert attachments.check(files.upload(name, content)).code == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", files.EXE),
        ("setup.pdf", files.EXE),  # a program named like a document
        ("notes.txt", "会议纪要".encode()),
        ("archive.docx", files.plain_zip()),  # a zip, not a Word document
        (
            "macro.docx",
            files.ooxml(
                "docx", content_type="application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
        ),
        ("hollow.docx", files.ooxml("docx", include_part=False)),  # declares a part it lacks
        ("untyped.docx", files.ooxml("docx", include_types=False)),
        ("entities.docx", files.ooxml("docx", extra='<!DOCTYPE t [<!ENTITY a "aaaa">]>')),
        ("other.doc", files.ole("SummaryInformation")),  # an OLE file but not Word
        ("loop.doc", files.ole("WordDocument", loop=True)),  # a broken directory chain
        ("cut.doc", files.ole("WordDocument")[:600]),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_refused_by_content(name, content):
    with pytest.raises(ValidationError) as error:
        attachments.check(files.upload(name, content))
    assert error.value.code == "type"
    assert name in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.pdf", files.png()), ("report.xlsx", files.ooxml("docx")), ("photo", files.JPEG)],
)
def test_content_and_name_must_agree(name, content):
    with pytest.raises(ValidationError) as error:
        attachments.check(files.upload(name, content))
    assert error.value.code == "extension"
    assert name in error.value.messages[0]


def test_size_limit_is_the_setting(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    content = files.PDF + b"%" * (1024 - len(files.PDF))
    assert attachments.check(files.upload("a.pdf", content)).code == "pdf"
    with pytest.raises(ValidationError) as error:
        attachments.check(files.upload("b.pdf", content + b"%"))
    assert error.value.code == "too_large"
    assert "b.pdf" in error.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        attachments.check(files.upload("empty.pdf", b""))
    assert error.value.code == "empty"


def test_detection_leaves_the_file_at_its_start():
    buffer = io.BytesIO(files.ooxml("xlsx"))
    buffer.seek(10)
    assert attachments.detect(buffer) == "xlsx"
    assert buffer.tell() == 0

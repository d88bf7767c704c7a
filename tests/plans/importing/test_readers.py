"""read_document: .docx, text in every encoding, pasted text, and what it cannot read."""

import io
import zipfile

import pytest

from plans.importing import Document, DocumentError, Paragraph, Table, read_document
from plans.importing.readers import decode_text
from tests.plans.importing.helpers import (
    add_list_paragraph,
    add_numbered_list,
    add_table,
    docx_bytes,
)
from tests.tasks.workspace.files import ole

PLAN = "2021年工作要点\n一、思想引领\n1．加强理论学习。各级工会要组织学习。\n2．开展宣讲活动。\n"


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


# --- Text encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        PLAN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAN.encode("utf-8"),
        PLAN.encode("utf-16"),  # with BOM
        b"\xff\xfe" + PLAN.encode("utf-16-le"),
        b"\xfe\xff" + PLAN.encode("utf-16-be"),
        PLAN.encode("utf-16-le"),  # without BOM
        PLAN.encode("utf-16-be"),
        PLAN.encode("gbk"),
        PLAN.encode("gb18030"),
        PLAN.replace("\n", "\r\n").encode("gbk"),
        PLAN.replace("\n", "\r").encode("utf-8"),
        "\ufeff".join(["", PLAN.replace("\n", "\r\n")]).encode("utf-16-le"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "gbk",
        "gb18030",
        "gbk-crlf",
        "utf8-cr",
        "utf16le-bom-crlf",
    ],
)
def test_text_encodings_and_line_ends(encoded):
    document = read_document(encoded, "plan.txt")
    assert texts(document) == [
        "2021年工作要点",
        "一、思想引领",
        "1．加强理论学习。各级工会要组织学习。",
        "2．开展宣讲活动。",
    ]


def test_gb18030_characters_beyond_gbk():
    text = "一、推进“㐀”工程\n1. 建设书屋𠀀10家。"
    assert decode_text(text.encode("gb18030")) == text


def test_utf8_cut_inside_its_last_character_stays_utf8():
    data = "一、思想引领".encode() + "二".encode()[:2]
    assert decode_text(data).startswith("一、思想引领")


def test_undecodable_bytes_never_raise():
    assert isinstance(decode_text(bytes(range(256)) * 3), str)


def test_pasted_text_is_read_as_text():
    document = read_document("  一、思想引领 \r\n\r\n 1．加强学习。", "")
    assert texts(document) == ["一、思想引领", "1．加强学习。"]
    assert document.blocks[1].gap_before


def test_residue_and_odd_spaces_are_cleaned():
    document = read_document(
        "[bookmark: _GoBack]一、思想\u200b引领\n\u3000\u30001．加强\u00a0学习。[bookmark: _Hlk1]\n",
        "x.txt",
    )
    assert texts(document) == ["一、思想引领", "1．加强 学习。"]


def test_full_width_digits_become_ascii():
    assert texts(read_document("１２．加强学习", "x.txt")) == ["12．加强学习"]


# --- .docx ------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_body_order():
    def build(document):
        document.add_paragraph("2021年任务分工表")
        document.add_paragraph("")
        document.add_paragraph("一、思想引领")
        add_table(
            document,
            [["序号", "工作任务", "牵头部门"], ["一、重点工作"], ["1", "加强学习", "宣教部"]],
            merged_rows=(1,),
        )
        document.add_paragraph("二、文化活动[bookmark: _GoBack]")

    document = read_document(docx_bytes(build), "plan.docx")
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    table = document.blocks[2]
    assert isinstance(table, Table)
    assert table.rows[0].cells == ("序号", "工作任务", "牵头部门")
    assert table.rows[1].spans_table
    assert table.rows[1].cells[0] == "一、重点工作"
    assert not table.rows[2].spans_table
    assert document.blocks[3].text == "二、文化活动"


def test_docx_vertical_merge_repeats_the_text_above():
    def build(document):
        table = add_table(
            document,
            [["序号", "工作任务", "责任领导"], ["1", "甲任务", "张慧"], ["2", "乙任务", ""]],
        )
        table.cell(1, 2).merge(table.cell(2, 2))

    table = read_document(docx_bytes(build), "plan.docx").blocks[0]
    assert [row.cells[2] for row in table.rows] == ["责任领导", "张慧", "张慧"]


def test_docx_line_breaks_split_paragraphs():
    def build(document):
        paragraph = document.add_paragraph("一、思想引领")
        paragraph.add_run().add_break()
        paragraph.add_run("1．加强学习。")

    assert texts(read_document(docx_bytes(build), "plan.docx")) == ["一、思想引领", "1．加强学习。"]


def test_docx_automatic_numbering_is_written_out():
    def build(document):
        num_id = add_numbered_list(
            document,
            [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3．")],
        )
        add_list_paragraph(document, "思想引领", num_id, 0)
        add_list_paragraph(document, "理论武装", num_id, 1)
        add_list_paragraph(document, "加强学习。", num_id, 2)
        add_list_paragraph(document, "开展宣讲。", num_id, 2)
        add_list_paragraph(document, "文化活动", num_id, 0)
        add_list_paragraph(document, "职工书屋", num_id, 1)
        add_list_paragraph(document, "新建书屋。", num_id, 2)

    assert texts(read_document(docx_bytes(build), "plan.docx")) == [
        "一、思想引领",
        "（一）理论武装",
        "1．加强学习。",
        "2．开展宣讲。",
        "二、文化活动",
        "（一）职工书屋",
        "1．新建书屋。",
    ]


def test_docx_empty_paragraphs_are_ignored():
    def build(document):
        for text in ["", "一、思想引领", "   ", "1．加强学习。", ""]:
            document.add_paragraph(text)

    assert texts(read_document(docx_bytes(build), "plan.docx")) == ["一、思想引领", "1．加强学习。"]


# --- Refused formats and broken files ---------------------------------------------------------


def _zip_without_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"%PDF-1.7 ...", "plan.pdf", "could not be opened as a PDF"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,  # a compound file cut short
            "plan.xls",
            "plan.xls could not be opened: it is damaged",
        ),
        (b"a,b\n1,2", "plan.csv", "Files of type .csv cannot be imported"),
        (ole("EncryptedPackage"), "plan.docx", "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "plan.docx", "damaged or incomplete"),
        (b"random bytes that are not a zip", "plan.docx", "could not be opened as a Word"),
        (_zip_without_docx(), "plan.docx", "could not be opened as a Word"),
        (b"PK\x03\x04broken zip", "plan.docx", "could not be opened as a Word"),
        (b"", "plan.txt", "The document is empty"),
        (b"\n \r\n\xe3\x80\x80\n", "plan.txt", "The document is empty"),
        (docx_bytes(lambda document: document.add_paragraph(" ")), "plan.docx", "is empty"),
    ],
)
def test_unreadable_documents_raise_document_error_with_advice(data, filename, expected):
    with pytest.raises(DocumentError) as raised:
        read_document(data, filename)
    message = str(raised.value)
    assert expected.lower() in message.lower()
    assert message.endswith(".")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (ole("WordDocument"), "旧计划.DOC"),
        (ole("WordDocument"), "plan.wps"),
        (b"{\\rtf1\\ansi hello}", "plan.rtf"),
        (ole("WordDocument"), "plan.txt"),  # a .doc renamed
        (ole("WordDocument"), "plan.xls"),  # a .doc under a workbook's name
    ],
)
def test_old_word_wps_and_rtf_go_to_libreoffice(monkeypatch, data, filename):
    """They are converted to .docx (see test_office.py); without LibreOffice the message says
    what to do."""
    monkeypatch.setenv("SOFFICE_PATH", "/nonexistent/soffice")
    with pytest.raises(DocumentError) as raised:
        read_document(data, filename)
    message = str(raised.value)
    assert "LibreOffice is not installed" in message and "paste its text" in message


def test_renamed_docx_with_txt_name_is_read_as_docx():
    data = docx_bytes(lambda document: document.add_paragraph("一、思想引领"))
    assert texts(read_document(data, "plan.txt")) == ["一、思想引领"]

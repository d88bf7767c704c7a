"""Documents built to exhaust the server are refused with a message, never read to the end: the
unpacked size of a .docx, its paragraphs, tables, merged cells and text, and a plan's tasks.

The limits are lowered here (monkeypatch) so that the tests stay small; test_bombs.py reads real
bombs under a memory limit."""

import io
import struct
import zipfile

import pytest
from docx.oxml.ns import qn

from plans.importing import DocumentError, limits, parse_document, read_document
from tests.plans.importing.helpers import SAMPLES, add_list_paragraph, add_numbered_list, docx_bytes

from .bombs import SPAN_BOMB_SPAN, rezip, span_bomb

SAMPLE = (SAMPLES / "pingdingshan-2021-publicity-plan.txt").read_text(encoding="utf-8")


def _plan_docx(document):
    document.add_paragraph("2026年工作要点")
    document.add_paragraph("一、思想引领")
    document.add_paragraph("（一）开展理论宣讲。（责任部门：宣教部；完成时限：全年）")


def _refused(data, filename="plan.docx", words=()):
    with pytest.raises(DocumentError) as error:
        read_document(data, filename)
    for word in words:
        assert word in str(error.value)
    return str(error.value)


# --- The .docx package ------------------------------------------------------------------------


def test_a_part_unpacking_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 100_000)
    data = rezip(docx_bytes(_plan_docx), {"word/media/image1.png": b"\0" * 100_001})
    assert len(data) < 50_000  # small as uploaded
    _refused(data, words=("plan.docx", "unpacks"))


def test_parts_unpacking_beyond_the_total_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PACKAGE_BYTES", 300_000)
    parts = {f"word/media/image{n}.png": b"\0" * 90_000 for n in range(4)}
    _refused(rezip(docx_bytes(_plan_docx), parts), words=("unpacks",))


def test_too_many_parts_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARTS", 30)
    parts = {f"customXml/item{n}.xml": b"<a/>" for n in range(40)}
    _refused(rezip(docx_bytes(_plan_docx), parts))


def test_a_part_larger_than_its_header_says_is_refused():
    """The sizes in a zip's headers can lie; reading stops at what the header declared."""
    name = b"word/media/image1.png"
    data = bytearray(rezip(docx_bytes(_plan_docx), {name.decode(): b"\0" * 3_000_000}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1000)  # central directory
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).file_size == 1000
    _refused(bytes(data))


def test_a_package_within_the_limits_is_read():
    assert read_document(docx_bytes(_plan_docx), "plan.docx").blocks


# --- The .docx body ---------------------------------------------------------------------------


def test_a_cell_spanning_millions_of_columns_is_refused():
    message = _refused(span_bomb(rows=3), words=(str(SPAN_BOMB_SPAN),))
    assert str(limits.MAX_TABLE_COLUMNS) in message


def test_a_table_grid_of_too_many_columns_is_refused():
    def build(document):
        document.add_table(rows=2, cols=limits.MAX_TABLE_COLUMNS + 1).cell(0, 0).text = "序号"

    _refused(docx_bytes(build), words=(str(limits.MAX_TABLE_COLUMNS),))


def test_too_many_table_rows_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_ROWS", 20)

    def build(document):
        table = document.add_table(rows=21, cols=2)
        for row in table.rows:
            row.cells[0].text = "1"

    _refused(docx_bytes(build), words=("20",))


def test_too_many_table_cells_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 50)

    def build(document):
        table = document.add_table(rows=11, cols=5)
        for row in table.rows:
            row.cells[0].text = "1"

    _refused(docx_bytes(build), words=("50",))


def test_vertically_merged_text_counts_once_per_row(monkeypatch):
    """A long cell merged down a table is copied into every row: each copy counts."""
    monkeypatch.setattr(limits, "MAX_CHARACTERS", 10_000)

    def build(document):
        table = document.add_table(rows=10, cols=2)
        table.cell(0, 0).text = "长" * 2_000
        table.cell(0, 0).merge(table.cell(9, 0))

    _refused(docx_bytes(build), words=("10000",))


def test_too_many_docx_paragraphs_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 100)

    def build(document):
        for number in range(101):
            document.add_paragraph(f"第{number}段")

    _refused(docx_bytes(build), words=("100",))


def test_too_much_docx_text_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHARACTERS", 1_000)

    def build(document):
        document.add_paragraph("字" * 1_001)

    _refused(docx_bytes(build), words=("1000",))


def test_huge_list_numbers_are_written_quickly():
    """A list starting at 10¹⁵ in roman numerals must not spell out a quadrillion M's."""

    def build(document):
        number = add_numbered_list(document, [("upperRoman", "%1.")])
        numbering = document.part.numbering_part.element
        for start in numbering.iter("{*}start"):
            start.set(qn("w:val"), "1" + "0" * 15)
        add_list_paragraph(document, "思想引领", number)

    document = read_document(docx_bytes(build), "plan.docx")
    assert document.blocks[0].text == "1000000000000000.思想引领"


# --- Text -------------------------------------------------------------------------------------


def test_too_much_text_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHARACTERS", 1_000)
    for data, filename in (("字" * 1_001, ""), (("字" * 1_001).encode(), "plan.txt")):
        _refused(data, filename, words=("1000",))


def test_too_many_lines_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 100)
    _refused("一行\n" * 101, "", words=("100",))
    assert read_document("一行\n\n\n" * 100, "").blocks  # blank lines do not count


# --- The plan ---------------------------------------------------------------------------------


def test_too_many_tasks_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TASKS", 30)
    with pytest.raises(DocumentError, match="30"):
        parse_document("\n".join([SAMPLE] * 2))
    assert parse_document(SAMPLE)


def test_too_many_unit_names_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_NAMES", 10)
    lines = ["2026年工作要点", "一、思想引领"]
    lines += [f"（{n}）任务{n}。（责任部门：第{n}工会；完成时限：全年）" for n in range(1, 13)]
    with pytest.raises(DocumentError, match="10"):
        parse_document("\n".join(lines))


def test_a_plan_repeated_many_times_is_flagged():
    plan = parse_document("\n".join([SAMPLE] * 5))
    assert any("starts again 4 times" in warning for warning in plan.warnings)
    single = parse_document(SAMPLE)
    assert not any("starts again" in warning for warning in single.warnings)


def test_a_plan_of_unusually_many_tasks_is_flagged(monkeypatch):
    monkeypatch.setattr(limits, "USUAL_TASKS", 30)
    plan = parse_document("\n".join([SAMPLE] * 2))
    assert any("a work plan usually has fewer than 30" in w for w in plan.warnings)
    assert not any("usually" in w for w in parse_document(SAMPLE).warnings)

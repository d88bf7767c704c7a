"""Time the plan importer: milliseconds per document, median of several runs, and peak memory.

    python bench/import_bench.py [--runs N]

Reads the sample plans in plans/demo/samples and generated plans of 20 and 200 tasks in each
format: text with responsibility notes, a .docx 任务分工表, the text plan and the table (ruled
and without rules) as PDF, the table as .xlsx and as .xls (formats.py). The goal is under 100 ms
per .txt / .docx document and under 300 ms per PDF / .xlsx one. Converting .doc and .xls with
LibreOffice is timed apart: it takes seconds; the .xls row is the converted workbook's reading."""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from django.conf import settings  # noqa: E402

if not settings.configured:
    import os

    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        # The importer needs nothing of the project but gettext.
        settings.configure(USE_I18N=False)

from bench.formats import generated_xlsx, libreoffice, official_docx  # noqa: E402
from plans.importing import parse_document  # noqa: E402
from plans.importing.readers import office  # noqa: E402

SAMPLES = REPO / "plans" / "demo" / "samples"
SECTIONS = "一二三四五六七八九十"
GOAL_MS = 100.0
# PDF and Excel are read from a page layout and a zip of XML: a looser goal.
GOAL_MS_BY_EXTENSION = {".pdf": 300.0, ".xlsx": 300.0}


def generated_text(tasks: int = 200) -> str:
    """A plan of `tasks` tasks in ten sections, numbered on, each with a note and a target."""
    lines = ["XX市总工会2024年宣传教育工作要点", "2024年是关键之年，现制定如下工作要点。"]
    per_section = max(1, tasks // len(SECTIONS))
    number = 0
    for section in SECTIONS:
        lines.append(f"{section}、第{section}方面的重点工作")
        for _ in range(per_section):
            number += 1
            lines.append(
                f"{number}．开展第{number}项重点活动。各级工会要结合实际，组织职工广泛参与，"
                f"全年新建职工书屋{number % 30 + 1}家，服务职工不少于{number * 100}人次。"
                "（责任领导：张慧；责任部门：宣教部，组织部、办公室；"
                f"完成时限：{number % 12 + 1}月底前）"
            )
    return "\n".join(lines)


def generated_docx(tasks: int = 200, ruled: bool = True) -> bytes:
    """The same plan as a .docx task table with a merged section row per section; ``ruled``:
    every cell ruled, as Word draws a table, or no rules at all."""
    import docx

    document = docx.Document()
    document.add_paragraph("XX市总工会2024年宣传教育工作任务分工表")
    per_section = max(1, tasks // len(SECTIONS))
    table = document.add_table(rows=1, cols=6)
    if ruled:
        table.style = "Table Grid"
    header = ["序号", "工作任务", "主要内容", "牵头部门", "配合部门", "完成时限"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    number = 0
    for section in SECTIONS:
        row = table.add_row()
        row.cells[0].merge(row.cells[5]).text = f"{section}、第{section}方面的重点工作"
        for _ in range(per_section):
            number += 1
            cells = table.add_row().cells
            values = [
                str(number),
                f"开展第{number}项重点活动",
                f"组织职工广泛参与，新建职工书屋{number % 30 + 1}家。",
                "宣教部",
                "组织部、办公室",
                f"{number % 12 + 1}月底前",
            ]
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def median_ms(
    function: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    function()  # warm up regex caches and imports
    timings = []
    for _ in range(runs):
        start = clock()
        function()
        timings.append((clock() - start) * 1000)
    return statistics.median(timings)


def peak_mb(function: Callable[[], object]) -> float:
    """The most memory Python objects held at once while function ran, in MB (tracemalloc).
    pdfium's own buffers are not counted: the PDF reader holds one page of them at a time."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


def documents() -> list[tuple[str, bytes, str]]:
    found = [(path.name, path.read_bytes(), path.name) for path in sorted(SAMPLES.glob("*.txt"))]
    for path in sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*.xlsx")):
        found.append((path.name, path.read_bytes(), path.name))
    sources = {
        "text": lambda tasks: (official_docx(generated_text(tasks)), "pdf"),
        "table": lambda tasks: (generated_docx(tasks), "pdf"),
        "loose": lambda tasks: (generated_docx(tasks, ruled=False), "pdf"),
        "xls": lambda tasks: (generated_xlsx(tasks), "xls"),
    }
    made = libreoffice(
        {f"{kind}{tasks}": make(tasks) for tasks in (20, 200) for kind, make in sources.items()}
    )
    for tasks in (20, 200):
        found.append(
            (f"generated {tasks}-task plan (.txt)", generated_text(tasks).encode(), "g.txt")
        )
        found.append((f"generated {tasks}-task table (.docx)", generated_docx(tasks), "g.docx"))
        if made:
            found.append((f"generated {tasks}-task plan (.pdf)", made[f"text{tasks}"], "g.pdf"))
            found.append((f"generated {tasks}-task table (.pdf)", made[f"table{tasks}"], "g.pdf"))
            found.append(
                (f"generated {tasks}-task table (.pdf, no rules)", made[f"loose{tasks}"], "g.pdf")
            )
        found.append((f"generated {tasks}-task table (.xlsx)", generated_xlsx(tasks), "g.xlsx"))
        if made:
            # Read from the .xlsx the conversion made: the conversion itself is timed apart.
            xlsx = office.convert_to_xlsx(made[f"xls{tasks}"], "g.xls")
            found.append((f"generated {tasks}-task table (.xls, converted)", xlsx, "g.xlsx"))
    return found


def conversions(runs: int) -> list[tuple[str, float]]:
    """Seconds LibreOffice takes to turn a .doc into .docx and an .xls into .xlsx (a fresh
    profile each time, as in the importer), median of ``runs``; empty without LibreOffice."""
    made = libreoffice(
        {f"doc{n}": (official_docx(generated_text(n)), "doc") for n in (20, 200)}
        | {f"xls{n}": (generated_xlsx(n), "xls") for n in (20, 200)}
    )
    timings = []
    for tasks in (20, 200) if made else ():
        for kind, convert, label in (
            ("doc", office.convert_to_docx, ".doc → .docx"),
            ("xls", office.convert_to_xlsx, ".xls → .xlsx"),
        ):
            seconds = []
            for _ in range(runs):
                office._cache.clear()  # time the conversion, not the cache
                start = time.perf_counter()
                convert(made[f"{kind}{tasks}"], f"g.{kind}")
                seconds.append(time.perf_counter() - start)
            name = f"generated {tasks}-task {'plan' if kind == 'doc' else 'table'} ({label})"
            timings.append((name, statistics.median(seconds)))
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per document")
    parser.add_argument("--conversions", type=int, default=3, help="timed .doc conversions")
    arguments = parser.parse_args(argv)
    # CPU time beside the wall-clock time: on a busy shared machine it is the steadier figure.
    print(f"{'document':<45} {'tasks':>5} {'ms (median)':>12} {'CPU ms':>7} {'peak MB':>8}")
    for name, data, filename in documents():
        tasks = sum(1 for _ in parse_document(data, filename).all_tasks())
        parse = partial(parse_document, data, filename)
        milliseconds = median_ms(parse, arguments.runs)
        cpu = median_ms(parse, arguments.runs, time.process_time)
        peak = peak_mb(parse)
        goal = GOAL_MS_BY_EXTENSION.get(Path(filename).suffix, GOAL_MS)
        flag = "" if milliseconds <= goal else f"  (over the {goal:.0f} ms goal)"
        print(f"{name:<45} {tasks:>5} {milliseconds:>12.1f} {cpu:>7.1f} {peak:>8.1f}{flag}")
    for name, seconds in conversions(arguments.conversions):
        print(f"{name:<45} {'':>5} {seconds * 1000:>12.0f} {'':>7} {'':>8}  (LibreOffice, apart)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

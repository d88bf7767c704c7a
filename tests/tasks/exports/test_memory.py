"""The workbooks are written with memory bounded whatever their rows: measured with tracemalloc
(Python's allocations), never with a clock."""

import datetime
import tempfile
import tracemalloc
from collections import Counter
from types import SimpleNamespace

from tasks.dashboard import export as dashboard_export
from tasks.dashboard.figures import Figures
from tasks.dashboard.filters import Filters
from tasks.workspace import ledger
from tests.growth import grow

KB = 1024


def peak(write):
    """The peak of Python's allocations while ``write(file)`` writes to a temporary file."""
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        try:
            write(target)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_the_ledger_holds_one_batch_at_a_time(world):
    plan = world.plan
    grow(world, tasks=80, plan=plan, reports=True)
    small = peak(lambda target: ledger.write_xlsx(plan, None, target, batch=40))
    grow(world, tasks=320, plan=plan, reports=True)
    large = peak(lambda target: ledger.write_xlsx(plan, None, target, batch=40))
    whole = peak(lambda target: ledger.write_xlsx(plan, None, target, batch=10_000))
    # Five times the rows, the same batches: about the same peak (sections' names are kept).
    assert large < small * 1.25 + 64 * KB, (small, large)
    # What the bound is worth: the 400 rows read in one batch take far more.
    assert whole > large + 300 * KB, (large, whole)


def _dashboard(overdue):
    """A dashboard as the workbook reads it, its overdue list a generator of ``overdue`` rows."""
    row = SimpleNamespace(
        plan_title="2026年宣传教育工作要点",
        label="1.",
        title="开展职工书屋建设",
        lead_units="甲区总工会",
        leaders="张慧",
        deadline=datetime.date(2026, 3, 31),
        days_overdue=30,
        status_label="进行中",
    )
    return SimpleNamespace(
        year=2026,
        plans=[],
        today=datetime.date(2026, 4, 30),
        figures=Figures(lights=Counter()),
        previous=None,
        section_rows=[],
        unit_rows=[],
        target_rows=[],
        overdue_tasks=(
            SimpleNamespace(**{**vars(row), "title": f"任务{n}"}) for n in range(overdue)
        ),
        filters=Filters(),
    )


def test_the_dashboard_workbook_is_streamed():
    small = peak(lambda target: dashboard_export.write(_dashboard(500), target))
    large = peak(lambda target: dashboard_export.write(_dashboard(5_000), target))
    assert large < small * 1.25 + 64 * KB, (small, large)

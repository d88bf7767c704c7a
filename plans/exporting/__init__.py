"""Exporting a plan: the official document as Word (``docx``), the ledger (台账) as Excel
(``xlsx``); the print view is a template (plans/plan_print.html) using ``common``.

    data = docx.export_docx(plan)          # bytes of a .docx
    data = xlsx.export_xlsx(plan, user)    # bytes of a .xlsx (a unit: its own tasks)
    common.filename(plan, "docx")          # "2026年宣传教育工作要点.docx"
"""

FORMATS = ("docx", "xlsx")

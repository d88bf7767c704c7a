"""The plan as an official document in Word (.docx), in the 公文 layout of
``plans.exporting.gongwen``.

Each task is one paragraph — label, title, body — closed by its responsibility note as in the
Leshan list, so that the document reads back through ``plans.importing.parse_document`` as the
same plan."""

from plans.exporting import common, gongwen

# The paragraph styles of the layout, named here for the tests that read an export back.
TITLE = gongwen.TITLE
HEADING_1 = gongwen.HEADING_1
HEADING_2 = gongwen.HEADING_2
HEADING_3 = gongwen.HEADING_3


def _write_section(document, section, depth):
    label_and_title = f"{section.label}{section.title}".strip()
    if label_and_title:
        gongwen.heading(document, label_and_title, depth)
    for line in common.paragraphs(section.body):
        document.add_paragraph(line)


def _write_task(document, task):
    body = common.paragraphs(task.body)
    paragraph = gongwen.paragraph(document, body[0] if body else "", lead=common.task_heading(task))
    for line in body[1:]:
        paragraph = document.add_paragraph(line)
    note = common.responsibility_note(task)
    if note:
        paragraph.add_run(note)


def build(plan):
    """The python-docx Document of ``plan``."""
    document = gongwen.new_document(plan.title, author=plan.owner.name)
    for line in common.paragraphs(plan.preamble):
        document.add_paragraph(line)
    for entry in common.walk(plan.section_tree()):
        if entry.section is not None:
            _write_section(document, entry.section, entry.depth)
        else:
            _write_task(document, entry.task)
    gongwen.closing(document, plan.owner.name, common.issuing_date(plan))
    return document


def export_docx(plan):
    """The plan as the bytes of a .docx file."""
    return gongwen.to_bytes(build(plan))

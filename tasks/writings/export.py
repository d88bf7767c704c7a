"""A document as a Word file in the 公文 layout (``plans.exporting.gongwen``): its title, its
text laid out by its numbering, and the closing (落款) with the issuing unit and the date; and
the same layout previewed on its page."""

import re

from plans.exporting import gongwen

_UNSAFE_FILENAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def build(writing):
    """The python-docx Document of ``writing`` (saved or only generated)."""
    document = gongwen.new_document(writing.title, author=writing.issuer)
    gongwen.write_text(document, writing.body)
    gongwen.closing(document, writing.issuer, writing.issued_on)
    return document


def docx(writing):
    """The document as the bytes of a .docx file."""
    return gongwen.to_bytes(build(writing))


def safe_name(text):
    """``text`` as the stem of a file name, safe on every system."""
    return _UNSAFE_FILENAME_RE.sub("_", text).strip(" ._")[:120] or "document"


def filename(writing, extension):
    """A download name from the title."""
    return f"{safe_name(writing.title)}.{extension}"


def preview(body):
    """The text's blocks as the Word file lays them out (headings and paragraphs), for the
    document's page."""
    return list(gongwen.text_blocks(body))

"""Decompression and span bombs, read in a child process limited to 1 GB of address space: the
reader must refuse them with its Chinese message, not die of MemoryError or be killed."""

import os
import subprocess
import sys
from pathlib import Path

from .bombs import expanding_bomb, span_bomb

REPO = Path(__file__).resolve().parents[3]
MEMORY = 2**30
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
import django
django.setup()
from django.utils import translation
from plans.importing import DocumentError, parse_document
translation.activate("zh-hans")
data = open(sys.argv[1], "rb").read()
try:
    parse_document(data, "plan.docx")
except DocumentError as error:
    print("refused:", error)
else:
    print("read")
"""


def _read_in_child(path):
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(memory=MEMORY), str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "unionplans.settings"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_docx_unpacking_to_hundreds_of_megabytes(tmp_path):
    bomb = expanding_bomb(tmp_path / "bomb.docx", megabytes=300)
    assert bomb.stat().st_size < 5 * 2**20
    output = _read_in_child(bomb)
    assert output.startswith("refused:")
    assert "解压" in output


def test_a_docx_spanning_thirty_million_columns(tmp_path):
    bomb = tmp_path / "span.docx"
    bomb.write_bytes(span_bomb())
    assert bomb.stat().st_size < 100_000
    output = _read_in_child(bomb)
    assert output.startswith("refused:")
    assert "30000000" in output and "列" in output

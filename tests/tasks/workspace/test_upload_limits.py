"""Uploads are refused as they arrive, a unit's attachments have a quota, and attachments are not
kept by the browser."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from plans.models import Plan
from tasks.models import Attachment, ProgressReport
from tasks.models.file_kinds import KINDS
from tasks.workspace import workflow
from tests.tasks.workspace import files
from unionplans.lib import uploads

KB = 1024
BOUNDARY = "fuzzyboundary"


class Body:
    """A multipart body made as it is read (a 300 MB file costs nothing), counting the bytes
    the server read."""

    def __init__(self, parts):
        """``parts``: (name, value) for a field, (name, filename, size) for a file of ``size``
        bytes of PDF-looking filler."""
        self.pieces, self.length = [], 0
        for part in parts:
            if len(part) == 2:
                head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{part[0]}"\r\n\r\n'
                self._add(head.encode() + part[1].encode() + b"\r\n")
            else:
                name, filename, size = part
                head = (
                    f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
                    f'name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/pdf\r\n\r\n"
                )
                self._add(head.encode())
                self._add_filler(size)
                self._add(b"\r\n")
        self._add(f"--{BOUNDARY}--\r\n".encode())
        self.read_bytes, self._buffer, self._iter = 0, b"", self._chunks()

    def _add(self, data):
        self.pieces.append(data)
        self.length += len(data)

    def _add_filler(self, size):
        self.pieces.append(size)  # an int: that many filler bytes, made when read
        self.length += size

    def _chunks(self):
        for piece in self.pieces:
            if isinstance(piece, int):
                yield b"%PDF-1.4\n"[:piece]
                remaining = piece - min(piece, 9)
                while remaining > 0:
                    step = min(remaining, 64 * KB)
                    yield b"%" * step
                    remaining -= step
            else:
                yield piece

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            piece = next(self._iter, None)
            if piece is None:
                break
            self._buffer += piece
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):  # LimitedStream may ask; the parser does not
        return self.read(size)


def _request(parts):
    body = Body(parts)
    request = RequestFactory().generic(
        "POST",
        "/tasks/1/report/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    return request, body


@pytest.fixture
def small_limits(settings):
    """Limits in kilobytes, so that tests send little: 100 KB a file, 300 KB a request."""
    settings.ATTACHMENT_MAX_BYTES = 100 * KB
    settings.UPLOAD_FILE_MAX_BYTES = 100 * KB
    settings.IMPORT_MAX_BYTES = 100 * KB
    settings.UPLOAD_MAX_BYTES = 300 * KB
    return settings


def test_a_300_mb_file_is_not_received(small_limits):
    request, body = _request(
        [("csrfmiddlewaretoken", "t"), ("text", "写好的进展"), ("files", "huge.pdf", 300 * KB * KB)]
    )
    assert request.POST["text"] == "写好的进展"  # what came before the file is kept
    assert not request.FILES
    [message] = uploads.refusals(request)
    assert "0.29 MB" in message  # the limit of a request
    assert body.read_bytes < 200 * KB  # the fields and at most a chunk or two


def test_an_oversized_file_is_dropped_as_it_arrives_and_the_rest_kept(small_limits):
    request, body = _request(
        [
            ("text", "进展"),
            ("files", "big.pdf", 250 * KB),
            ("files", "small.pdf", 10 * KB),
            ("percent", "40"),
        ]
    )
    assert [f.name for f in request.FILES.getlist("files")] == ["small.pdf"]
    assert request.POST["percent"] == "40"
    [message] = uploads.refusals(request)
    assert "big.pdf" in message and "0.10 MB" in message
    assert body.read_bytes == body.length  # read past, bounded by the request limit


def test_files_within_the_limits_are_received(small_limits):
    request, _body = _request([("files", "a.pdf", 90 * KB), ("files", "b.pdf", 90 * KB)])
    assert len(request.FILES.getlist("files")) == 2
    assert uploads.refusals(request) == []


def test_a_request_without_files_has_no_refusals(rf):
    assert uploads.refusals(rf.get("/my/")) == []
    assert uploads.refusals(rf.post("/my/", {"a": "1"})) == []


# --- Through the pages --------------------------------------------------------------------------


def _pdf(size):
    return files.upload("总结.pdf", files.PDF + b"%" * (size - len(files.PDF)))


def test_an_oversized_attachment_is_refused_on_the_form(client, ws, small_limits):
    client.force_login(ws.reporter_a)
    url = reverse("tasks:report", args=[ws.task_a.pk])
    response = client.post(url, {"text": "已开展活动", "files": [_pdf(150 * KB)]})
    assert response.status_code == 200
    errors = response.context["report_form"].errors["files"]
    assert any("总结.pdf" in error for error in errors)
    assert "已开展活动" in response.content.decode()  # the typing is kept
    assert not ProgressReport.objects.exists()


def test_too_many_bytes_in_one_report_are_refused_on_the_form(client, ws, small_limits):
    client.force_login(ws.reporter_a)
    url = reverse("tasks:report", args=[ws.task_a.pk])
    sent = {"text": "已开展活动", "files": [_pdf(90 * KB) for _n in range(4)]}
    response = client.post(url, sent)
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    assert "0.29 MB" in " ".join(response.context["report_form"].errors["files"])


def test_an_oversized_import_is_refused_on_the_form(client, world, small_limits):
    client.force_login(world.planner)
    document = files.upload("计划.docx", b"PK\x03\x04" + b"\x00" * 150 * KB)
    owner = world.propaganda.pk
    response = client.post(reverse("plans:import"), {"document": document, "owner": owner})
    assert response.status_code == 200
    assert "计划.docx" in " ".join(response.context["form"].errors["document"])
    assert not Plan.objects.exclude(pk=world.plan.pk).exists()


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("multipart/form-data", b"no boundary", 400),
        # Read as a form without fields: the report form says what is missing.
        ("multipart/form-data; boundary=x", b"--x\r\nnot a part", 200),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\n", 200),
        ("application/x-www-form-urlencoded", b"text=" + b"a" * (6 * 1024 * 1024), 400),
        ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % n for n in range(1200)), 400),
    ],
)
def test_a_body_that_cannot_be_read_is_not_a_500(client, ws, content_type, body, status):
    """A malformed multipart body, form fields over DATA_UPLOAD_MAX_MB, too many fields: a
    400 page that says so, or the form."""
    client.raise_request_exception = False
    client.force_login(ws.reporter_a)
    url = reverse("tasks:report", args=[ws.task_a.pk])
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == status
    if status == 400:
        assert "无法处理这次提交" in response.content.decode()


# --- A unit's quota -----------------------------------------------------------------------------


def _report_with(ws, unit_key, size):
    upload = _pdf(size)
    return workflow.report(
        ws.user(f"reporter_{unit_key}"),
        ws.task_a,
        getattr(ws, f"unit_{unit_key}"),
        text="附件",
        files=[(upload, KINDS["pdf"])],
    )


def test_the_quota_counts_the_units_attachments(ws, settings):
    settings.ATTACHMENT_UNIT_QUOTA_BYTES = 100 * KB
    _report_with(ws, "a", 60 * KB)
    with pytest.raises(workflow.QuotaExceeded):
        _report_with(ws, "a", 50 * KB)
    _report_with(ws, "b", 60 * KB)  # another unit has its own quota
    assert Attachment.objects.count() == 2


def test_over_the_quota_the_form_says_so_in_chinese(client, ws, settings):
    settings.ATTACHMENT_UNIT_QUOTA_BYTES = 100 * KB
    _report_with(ws, "a", 60 * KB)
    client.force_login(ws.reporter_a)
    url = reverse("tasks:report", args=[ws.task_a.pk])
    response = client.post(url, {"text": "第二次进展", "files": [_pdf(50 * KB)]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "本单位附件已占用" in page
    assert "第二次进展" in page
    assert ProgressReport.objects.count() == 1


def test_the_quota_message_in_english(ws, settings):
    settings.ATTACHMENT_UNIT_QUOTA_BYTES = 100 * KB
    _report_with(ws, "a", 60 * KB)
    with translation.override("en"), pytest.raises(workflow.QuotaExceeded) as error:
        _report_with(ws, "a", 50 * KB)
    assert "take 0.06 MB of the 0.10 MB" in str(error.value)
    assert "these files (0.05 MB)" in str(error.value)


# --- Served without a cache ---------------------------------------------------------------------


def test_attachments_are_not_kept_by_the_browser(client, ws):
    report = _report_with(ws, "a", 1 * KB)
    client.force_login(ws.reporter_a)
    response = client.get(reverse("tasks:attachment", args=[report.attachments.get().pk]))
    assert response["Cache-Control"] == "private, no-store"


# --- Settings -----------------------------------------------------------------------------------


def _limits(tmp_path, **env):
    clean = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "DEBUG": "1", **env}
    code = (
        "import unionplans.settings as s; M = 1024 * 1024; print(s.UPLOAD_MAX_BYTES // M, "
        "s.UPLOAD_FILE_MAX_BYTES // M, s.ATTACHMENT_UNIT_QUOTA_BYTES // M, "
        "s.FILE_UPLOAD_HANDLERS[0])"
    )
    root = Path(__file__).resolve().parents[3]
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=clean, capture_output=True, text=True
    )


def test_limit_settings(tmp_path):
    result = _limits(tmp_path)
    assert result.stdout.split() == [
        "50",
        "20",
        "500",
        "unionplans.lib.uploads.LimitedUploadHandler",
    ]
    # A larger file allowed makes the request limit follow unless it is set.
    assert _limits(tmp_path, ATTACHMENT_MAX_MB="80").stdout.split()[:2] == ["80", "80"]
    result = _limits(tmp_path, ATTACHMENT_MAX_MB="80", UPLOAD_MAX_MB="50")
    assert result.returncode != 0 and "UPLOAD_MAX_MB must be at least" in result.stderr
    result = _limits(tmp_path, ATTACHMENT_UNIT_QUOTA_MB="0")
    assert result.returncode != 0 and "ATTACHMENT_UNIT_QUOTA_MB" in result.stderr

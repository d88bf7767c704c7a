import io

import openpyxl
import pytest

from unionplans.celery import app


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Produced files go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager(monkeypatch):
    """Celery runs a queued task in this process when it is sent (after the commit, as
    TransactionAwareTask sends it): the worker's code path, without a broker."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)


def workbook(data):
    """An openpyxl workbook read back from bytes."""
    return openpyxl.load_workbook(io.BytesIO(data))


def streamed(response):
    """The body of a (streaming) response as bytes."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content

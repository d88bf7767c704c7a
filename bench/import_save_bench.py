"""Time a large import in the browser flow: upload (read and parsed once), preview, save.

    python bench/import_save_bench.py [--copies 100] [--runs 3]
    DATABASE_URL=postgres://… python bench/import_save_bench.py

Pastes a sample plan repeated --copies times (100 copies: 1,900 tasks and 1.4 MB, just under
the importer's limit of 2,000 tasks; the shape of the 2.5 MB paste of one plan repeated that
once took minutes) through the import pages with Django's test client, as a planner, and prints
the median milliseconds of the upload, of one load of the preview and of the save, the size of
the preview page and the queries of the save. It runs in a throw-away test database (created
and destroyed as the tests do, on PostgreSQL when DATABASE_URL names one) and a temporary
media folder, so it needs no prepared database and leaves nothing behind."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
SAMPLE = REPO / "plans" / "demo" / "samples" / "pingdingshan-2021-publicity-plan.txt"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="unionplans-bench-")
    Path(os.environ["VAR_DIR"], "staticfiles").mkdir()  # whitenoise warns without it
    import django
    from django.conf import settings

    django.setup()
    # The pages are rendered without collectstatic, as in the tests.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": static}


def _planner():
    from plans.models import Unit, User

    federation = Unit.objects.create(name="测试市总工会", kind=Unit.Kind.FEDERATION)
    department = Unit.objects.create(name="宣教部", kind=Unit.Kind.DEPARTMENT, parent=federation)
    return User.objects.create_user("bench", role=User.Role.PLANNER, unit=department)


def _one_import(client, owner, text, title):
    """(upload ms, preview ms, preview bytes, save ms, save queries) of one import."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    start = time.perf_counter()
    response = client.post(reverse("plans:import"), {"owner": owner.pk, "text": text})
    assert response.status_code == 302, "the plan was refused"
    preview_url = response["Location"]
    uploaded = time.perf_counter()
    preview = client.get(preview_url)
    previewed = time.perf_counter()
    form = preview.context["form"]
    data = {"title": title, "year": 2021}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    with CaptureQueriesContext(connection) as queries:
        saved_at = time.perf_counter()
        response = client.post(preview_url, data)
        saved = time.perf_counter()
    assert response.status_code == 302, "the plan was not saved"
    return (
        (uploaded - start) * 1000,
        (previewed - uploaded) * 1000,
        len(preview.content),
        (saved - saved_at) * 1000,
        len(queries),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="copies of the sample plan")
    parser.add_argument("--runs", type=int, default=3, help="imports timed")
    arguments = parser.parse_args(argv)
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from plans.models import Task

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        planner = _planner()
        client = Client()
        client.force_login(planner)
        text = "\n".join([SAMPLE.read_text(encoding="utf-8")] * arguments.copies)
        results = [
            _one_import(client, planner.unit, text, f"bench {run}") for run in range(arguments.runs)
        ]
        tasks = Task.objects.filter(plan__title="bench 0").count()
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    median = [statistics.median(column) for column in zip(*results, strict=True)]
    print(f"{connection.vendor}, {tasks} tasks, {len(text.encode()) / 2**20:.1f} MB pasted")
    print(f"  upload (read, parse, keep)  {median[0]:8.0f} ms")
    print(f"  preview (one load)          {median[1]:8.0f} ms   {median[2] / 1024:.0f} KB")
    print(f"  save                        {median[3]:8.0f} ms   {median[4]:.0f} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())

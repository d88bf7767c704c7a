"""The page of an export the worker is producing reloads itself under the Content Security
Policy (static/js/export.js, no inline script) until the file is ready, then offers it."""

from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from tasks.models import Export
from tests.browser.test_csp import watched  # noqa: F401 — a fixture


def test_the_page_waits_then_offers_the_file(
    world,
    login,
    live_server,
    watched,  # noqa: F811 — the imported fixture
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = Export.objects.create(
        kind=Export.Kind.LEDGER,
        parameters={"plan": world.plan.pk},
        requester=world.planner,
        name="台账.xlsx",
        fallback_name="ledger.xlsx",
        rows=5000,
    )
    login(world.planner.username)
    page = watched(f"{live_server.url}{reverse('tasks:export', args=[export.pk])}")
    expect(page.get_by_test_id("export-pending")).to_contain_text("正在生成")
    # The worker finishes: the next reload shows the link, without anyone clicking.
    export.file.save("ledger.xlsx", ContentFile(b"PK"), save=False)
    export.state = Export.State.READY
    export.save()
    expect(page.get_by_test_id("export-download")).to_be_visible(timeout=15_000)
    watched.collect()
    assert watched.problems == []

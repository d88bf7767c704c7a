import os

import pytest
from django.db import connection
from django.urls import reverse

from unionplans.celery import app as celery_app

IN_CI = os.environ.get("CI") == "true"


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_fails_when_the_broker_is_unreachable(client, monkeypatch):
    # Nothing listens on port 1 of loopback: a connection there is refused at once.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="DATABASE_URL is not set")
@pytest.mark.django_db
def test_runs_on_the_configured_database():
    expected = os.environ["DATABASE_URL"].split(":", 1)[0]
    assert connection.vendor == {"postgres": "postgresql", "postgresql": "postgresql"}.get(
        expected, expected
    )


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_broker_is_redis_when_configured():
    assert celery_app.conf.broker_url == os.environ["REDIS_URL"]
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport.driver_type == "redis"


@pytest.mark.skipif(not IN_CI, reason="only CI promises PostgreSQL and Redis")
def test_ci_runs_on_postgresql_and_redis():
    assert os.environ.get("DATABASE_URL", "").startswith("postgres")
    assert os.environ.get("REDIS_URL", "").startswith("redis")

"""`make run` ends with the address and the demo logins, once the server listens."""

import socket

import pytest
from django.core.management import call_command

from plans.demo.accounts import DEMO_ACCOUNTS


@pytest.mark.django_db
def test_the_logins_follow_the_server_address(capsys):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        call_command("welcome", host="127.0.0.1", port=port, timeout=5, exit=True)
    lines = capsys.readouterr().out.strip().splitlines()
    assert f"http://127.0.0.1:{port}/" in lines[0]
    for account in DEMO_ACCOUNTS:
        assert any(line.split()[:1] == [account["username"]] for line in lines)


@pytest.mark.django_db
def test_a_server_that_never_starts_is_reported(capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: nothing answers
        call_command("welcome", host="127.0.0.1", port=port, timeout=0.5, exit=True)
    assert "did not start" in capsys.readouterr().err

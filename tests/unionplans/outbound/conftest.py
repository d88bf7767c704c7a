from tests.unionplans.outbound.listener import listener  # noqa: F401 — a loopback listener

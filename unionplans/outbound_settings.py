"""The outbound request settings (unionplans.lib.outbound, docs/security.md "Outbound
requests"), read from the environment and checked; ``unionplans/settings.py`` imports them."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from unionplans.env import env_bool, env_int, env_list

__all__ = [
    "OUTBOUND_ALLOWED_HOSTS",
    "OUTBOUND_ALLOWED_NETWORKS",
    "OUTBOUND_ALLOW_LOOPBACK",
    "OUTBOUND_CONNECT_TIMEOUT",
]

# Robot webhooks may name only the robots' official hosts and these (an intranet relay), exactly.
OUTBOUND_ALLOWED_HOSTS = [host.lower().rstrip(".") for host in env_list("OUTBOUND_ALLOWED_HOSTS")]
# Addresses outside the public internet are refused unless listed here (CIDR, e.g. a relay's
# 10.20.0.5/32); loopback is allowed only by OUTBOUND_ALLOW_LOOPBACK (tests, development).
OUTBOUND_ALLOWED_NETWORKS = env_list("OUTBOUND_ALLOWED_NETWORKS")
for _network in OUTBOUND_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"OUTBOUND_ALLOWED_NETWORKS: {_network!r} is not a network such as 10.20.0.5/32."
        ) from None
OUTBOUND_ALLOW_LOOPBACK = env_bool("OUTBOUND_ALLOW_LOOPBACK", False)
OUTBOUND_CONNECT_TIMEOUT = env_int("OUTBOUND_CONNECT_TIMEOUT", 5)

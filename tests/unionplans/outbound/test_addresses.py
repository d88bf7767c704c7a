"""The address rules of the one way out (unionplans.lib.outbound): which hosts and addresses a
request may go to, and the webhook check the robot form uses."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionplans.lib import outbound
from unionplans.lib.outbound import Refused, address_refusal, check_url

V4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)


def in_network(network):
    network = ipaddress.ip_network(network)
    return st.integers(min_value=0, max_value=network.num_addresses - 1).map(
        lambda offset: network[offset]
    )


INSIDE_V4 = {
    "loopback": "127.0.0.0/8",
    "private": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
    "link-local": "169.254.0.0/16",
    "unspecified": "0.0.0.0/32",
    "multicast": "224.0.0.0/4",
}
INSIDE_V6 = ["::1/128", "::/128", "fe80::/10", "fc00::/7", "ff00::/8"]


def refused(address, **allowances):
    return address_refusal(address, **{"allow_loopback": False, "networks": (), **allowances})


@given(st.one_of(in_network("127.0.0.0/8"), *(in_network(n) for n in INSIDE_V4["private"])))
def test_loopback_and_private_ipv4_are_refused(address):
    assert refused(address)


@given(
    st.one_of(
        in_network("169.254.0.0/16"),
        in_network("224.0.0.0/4"),
        in_network("240.0.0.0/4"),
        in_network("100.64.0.0/10"),
        in_network("0.0.0.0/8"),
    )
)
def test_link_local_multicast_reserved_shared_and_this_network_are_refused(address):
    assert refused(address)


@given(st.one_of(*(in_network(n) for n in INSIDE_V6)))
def test_loopback_link_local_unique_local_multicast_unspecified_ipv6_are_refused(address):
    assert refused(address)


@given(V4)
def test_ipv4_hidden_in_ipv6_is_judged_as_the_ipv4(address):
    wrapped = [
        ipaddress.IPv6Address(f"::ffff:{address}"),  # IPv4-mapped
        ipaddress.IPv6Address((0x2002 << 112) | (int(address) << 80)),  # 6to4
        ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(address)),  # NAT64
    ]
    for ip in wrapped:
        assert bool(refused(ip)) == bool(refused(address)), ip


def test_the_words_and_global_addresses():
    assert refused("127.0.0.1") == "loopback"
    assert refused("::ffff:127.0.0.1") == "loopback"
    assert refused("10.0.0.1") == "private"
    assert refused("169.254.169.254") == "link-local"
    assert refused("0.0.0.0") == "unspecified"
    assert refused("::") == "unspecified"
    assert refused("239.1.1.1") == "multicast"
    assert refused("fe80::1") == "link-local"
    for address in ("101.226.0.1", "203.119.0.1", "2408:8000::1", "::ffff:101.226.0.1"):
        assert refused(address) is None, address


def test_allowances():
    assert refused("127.0.0.1", allow_loopback=True) is None
    assert refused("::1", allow_loopback=True) is None
    assert refused("::ffff:127.0.0.1", allow_loopback=True) is None
    # The loopback allowance is for loopback only.
    assert refused("10.0.0.1", allow_loopback=True) == "private"
    relay = (ipaddress.ip_network("10.20.0.5/32"),)
    assert refused("10.20.0.5", networks=relay) is None
    assert refused("::ffff:10.20.0.5", networks=relay) is None
    assert refused("10.20.0.6", networks=relay) == "private"


# --- URLs ----------------------------------------------------------------------------------------


@pytest.fixture
def strict(settings):
    """Production's rules: no loopback, no extra host, DEBUG off."""
    settings.DEBUG = False
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    settings.OUTBOUND_ALLOWED_HOSTS = []
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    return settings


@pytest.mark.parametrize(
    "url",
    [
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        "https://oapi.dingtalk.com/robot/send?access_token=t",
        "https://open.feishu.cn/open-apis/bot/v2/hook/h",
        "https://open.larksuite.com/open-apis/bot/v2/hook/h",
        "https://OAPI.DingTalk.com./robot/send?access_token=t",
    ],
)
def test_the_official_hosts_pass(strict, url):
    target = check_url(url)
    assert target.scheme == "https" and target.port == 443 and target.host in url.lower()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1:8080/hook", "address"),
        ("https://127.0.0.1:8080/hook", "address"),
        ("https://localhost/hook", "address"),
        ("https://[::1]:8080/hook", "address"),
        ("https://[::ffff:127.0.0.1]/hook", "address"),
        ("https://10.0.0.1/", "address"),
        ("https://169.254.169.254/latest/meta-data/", "address"),
        ("https://0.0.0.0/", "address"),
        ("https://2130706433/", "host"),  # 127.0.0.1 written as a number
        ("https://127.1/", "host"),
        ("https://robots.example.cn/x", "host"),
        ("https://qyapi.weixin.qq.com.evil.cn/x", "host"),
        ("https://user:pass@qyapi.weixin.qq.com/x", "scheme"),
        ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "scheme"),
        ("ftp://qyapi.weixin.qq.com/x", "scheme"),
        ("https://qyapi.weixin.qq.com:port/x", "url"),
        ("javascript:alert(1)", "scheme"),
        ("", "url"),
    ],
)
def test_refused_urls(strict, url, code):
    with pytest.raises(Refused) as refusal:
        check_url(url)
    assert refusal.value.code == code


def test_an_administrator_adds_a_relay(strict):
    strict.OUTBOUND_ALLOWED_HOSTS = ["robot-relay.union.internal", "10.20.0.5"]
    assert check_url("https://robot-relay.union.internal/dingtalk?access_token=x").host == (
        "robot-relay.union.internal"
    )
    # A private address must also be in an allowed network.
    with pytest.raises(Refused):
        check_url("https://10.20.0.5/hook")
    strict.OUTBOUND_ALLOWED_NETWORKS = ["10.20.0.5/32"]
    assert check_url("https://10.20.0.5/hook").port == 443


def test_loopback_allowance_for_the_tests(strict):
    strict.OUTBOUND_ALLOW_LOOPBACK = True
    assert check_url("http://127.0.0.1:8080/hook").port == 8080
    assert check_url("http://[::1]:8080/hook").host == "::1"
    assert check_url("http://localhost:8080/hook").host == "localhost"
    with pytest.raises(Refused):
        check_url("https://10.0.0.1/")


def test_debug_allows_plain_http_to_allowed_hosts_only(strict):
    strict.DEBUG = True
    assert check_url("http://qyapi.weixin.qq.com/x").port == 80
    with pytest.raises(Refused):
        check_url("http://robots.example.cn/x")


def test_a_name_is_refused_when_it_resolves_inside(strict, monkeypatch):
    def resolve(host, port, **kwargs):
        return [(outbound.socket.AF_INET6, 1, 6, "", ("::ffff:10.1.2.3", port, 0, 0))]

    monkeypatch.setattr(outbound, "resolve", resolve)
    target = check_url("https://qyapi.weixin.qq.com/x")
    with pytest.raises(Refused) as refusal:
        outbound.resolve_checked(target)
    assert refusal.value.code == "address"

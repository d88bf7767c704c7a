"""The one way out against real sockets on 127.0.0.1: a refused address gets no connection at
all, a checked address is connected to as checked (no second lookup) with the name in the Host
header and in SNI, and answers are bounded in time and size."""

import datetime
import socket
import ssl
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.unionplans.outbound.listener import ok
from unionplans.lib import outbound
from unionplans.lib.outbound import NetworkError, Refused, post_json


@pytest.fixture
def no_loopback(settings):
    settings.DEBUG = False
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    settings.OUTBOUND_ALLOWED_HOSTS = []
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    return settings


def resolving_to(*addresses, calls=None):
    def resolve(host, port, **kwargs):
        if calls is not None:
            calls.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, 1, 6, "", (a, port))
            for a in addresses
        ]

    return resolve


def test_the_listener_is_reached_when_loopback_is_allowed(listener, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    server = listener(answer=ok())
    response = post_json(f"http://127.0.0.1:{server.port}/hook?key=k", {"a": 1}, timeout=3)
    assert (response.status, response.json()) == (200, {"errcode": 0})
    assert server.accepted == 1
    assert server.requests[0].startswith(b"POST /hook?key=k HTTP/1.1\r\n")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hook",
        "https://127.0.0.1:{port}/hook",
        "http://localhost:{port}/hook",
        "https://[::ffff:127.0.0.1]:{port}/hook",
        "https://127.0.0.2:{port}/hook",
    ],
)
def test_no_connection_arrives_for_a_refused_address(listener, no_loopback, url):
    server = listener(answer=ok())
    with pytest.raises(Refused):
        post_json(url.format(port=server.port), {"a": 1}, timeout=1)
    time.sleep(0.1)
    assert server.accepted == 0


def test_no_connection_for_an_allowed_name_that_resolves_to_loopback(
    listener, no_loopback, monkeypatch
):
    # DNS rebinding: the official name, answered by a hostile resolver with our own address.
    server = listener(answer=ok())
    for address in ("127.0.0.1", "::ffff:127.0.0.1"):
        monkeypatch.setattr(outbound, "resolve", resolving_to("203.0.113.9", address))
        with pytest.raises(Refused):
            post_json(f"https://qyapi.weixin.qq.com:{server.port}/x", {}, timeout=1)
    time.sleep(0.1)
    assert server.accepted == 0


def test_the_checked_address_is_connected_to_with_the_name_in_the_host_header(
    listener, settings, monkeypatch
):
    settings.DEBUG = True  # plain http to a name, for a listener without TLS
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    server = listener(answer=ok())
    calls = []
    monkeypatch.setattr(outbound, "resolve", resolving_to("127.0.0.1", calls=calls))
    response = post_json(f"http://oapi.dingtalk.com:{server.port}/robot/send?t=1", {}, timeout=3)
    assert response.status == 200
    assert calls == ["oapi.dingtalk.com"]  # resolved once, never again by the connection
    assert f"Host: oapi.dingtalk.com:{server.port}\r\n".encode() in server.requests[0]


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "open.feishu.cn")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("open.feishu.cn")]), False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_tls_names_the_host_and_checks_its_certificate(listener, settings, monkeypatch, tmp_path):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = listener(answer=ok(), tls=context)
    context.sni_callback = lambda sock, name, ctx: server.server_names.append(name)
    monkeypatch.setattr(outbound, "resolve", resolving_to("127.0.0.1"))
    url = f"https://open.feishu.cn:{server.port}/open-apis/bot/v2/hook/h"
    with pytest.raises(NetworkError) as failure:
        post_json(url, {}, timeout=3)
    # Our self-signed certificate is not trusted: the handshake stops before any request.
    assert failure.value.code == "certificate"
    assert server.server_names == ["open.feishu.cn"] and server.requests == []


def test_a_redirect_is_not_followed(listener, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    target = listener(answer=ok())
    redirect = (
        f"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{target.port}/\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n"
    ).encode()
    server = listener(answer=redirect)
    response = post_json(f"http://127.0.0.1:{server.port}/hook", {}, timeout=3)
    assert response.status == 307
    time.sleep(0.1)
    assert target.accepted == 0


def test_a_long_answer_is_read_only_up_to_the_bound(listener, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    size = 20 * outbound.MAX_RESPONSE_BYTES
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n".encode()
    server = listener(answer=[head, *([b"x" * 65536] * (size // 65536))])
    response = post_json(f"http://127.0.0.1:{server.port}/hook", {}, timeout=3)
    assert response.truncated and len(response.body) == outbound.MAX_RESPONSE_BYTES
    assert response.json() is None


def test_a_service_that_never_answers_times_out_quickly(listener, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    server = listener(answer=ok(), delay=3)
    started = time.monotonic()
    with pytest.raises(NetworkError) as failure:
        post_json(f"http://127.0.0.1:{server.port}/hook", {}, timeout=0.3)
    assert failure.value.code == "timeout"
    assert time.monotonic() - started < 1.5


def test_a_closed_port_is_unreachable(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(NetworkError) as failure:
        post_json(f"http://127.0.0.1:{port}/hook", {}, timeout=1)
    assert failure.value.code == "unreachable"

"""The one way out: every HTTP request the portal sends to another server goes through here.

The addresses are typed by people (a unit's chat robot webhook), so an address is untrusted: it
could point the web process or the worker at a service inside our network (a port scan, the
cloud's metadata service at 169.254.169.254, an admin interface on localhost). The rules, also
written in docs/security.md ("Outbound requests"):

- only the robots' official hosts (``DEFAULT_ALLOWED_HOSTS``) and the hosts an administrator
  lists in ``settings.OUTBOUND_ALLOWED_HOSTS`` (an intranet relay), matched exactly;
- https, except plain http to loopback when loopback is allowed (tests) or with DEBUG;
- the name is resolved once and every address it resolves to must be global: loopback,
  link-local, private, shared, reserved, multicast and unspecified addresses are refused, IPv4
  and IPv6 alike, IPv4 hidden in IPv6 (mapped, 6to4, NAT64, Teredo) included, unless
  ``settings.OUTBOUND_ALLOWED_NETWORKS`` lists them (an intranet relay) or, for loopback only,
  ``settings.OUTBOUND_ALLOW_LOOPBACK`` is on (the tests' loopback servers);
- the connection goes to the address that was checked, never to a second lookup (no DNS
  rebinding window), with the name in the Host header and in TLS's SNI, and the certificate
  checked against the name;
- no redirect is followed, no environment proxy is used (a proxy would resolve the name itself);
- short connect and read timeouts and a bounded response read.
"""

import dataclasses
import http.client
import ipaddress
import json
import socket
import ssl
import time
import urllib.parse

from django.conf import settings
from django.utils.translation import gettext as _

# The chat robots' official services: WeCom, DingTalk, Feishu and Lark.
DEFAULT_ALLOWED_HOSTS = (
    "qyapi.weixin.qq.com",
    "oapi.dingtalk.com",
    "open.feishu.cn",
    "open.larksuite.com",
)
MAX_URL_LENGTH = 1000
# A robot's answer is a few dozen bytes; what is longer than this is not read.
MAX_RESPONSE_BYTES = 64 * 1024
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 10.0

# The resolver, a module attribute so that a test can make a name resolve where it wants.
resolve = socket.getaddrinfo

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAMES = ("localhost", "localhost.localdomain")


class Refused(Exception):
    """The address may not be reached. ``str()`` is a sentence for the person who typed it;
    ``code`` says which rule refused it ("url", "scheme", "host", "address")."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code


class NetworkError(Exception):
    """The request could not be made or answered. ``code`` is "resolve", "unreachable",
    "timeout" or "certificate"; ``str()`` is the local error, for logs only."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code


@dataclasses.dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    # The body was longer than MAX_RESPONSE_BYTES and was not read to its end.
    truncated: bool = False

    def json(self):
        """The body as JSON, or None when it is not (or was cut)."""
        if self.truncated:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


# --- Addresses ---------------------------------------------------------------------------------


def _setting(name, default):
    return getattr(settings, name, default)


def allowed_hosts() -> frozenset:
    extra = _setting("OUTBOUND_ALLOWED_HOSTS", ())
    return frozenset(_normal_host(host) for host in (*DEFAULT_ALLOWED_HOSTS, *extra))


def allowed_networks() -> tuple:
    return tuple(
        ipaddress.ip_network(net, strict=False) for net in _setting("OUTBOUND_ALLOWED_NETWORKS", ())
    )


def loopback_allowed() -> bool:
    return bool(_setting("OUTBOUND_ALLOW_LOOPBACK", False))


def _normal_host(host):
    return (host or "").strip().strip("[]").rstrip(".").lower()


def _ip(text):
    try:
        return ipaddress.ip_address(_normal_host(text))
    except ValueError:
        return None


def is_loopback_host(host: str) -> bool:
    """``host`` names this machine: localhost or a loopback address, written as such."""
    host = _normal_host(host)
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    ip = _ip(host)
    return ip is not None and _unwrap(ip).is_loopback


def _unwrap(ip):
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64, Teredo), else ``ip``:
    a gateway on the way would deliver to that IPv4 address."""
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_refusal(address, *, allow_loopback=None, networks=None) -> str | None:
    """Why ``address`` (an IP address, text or object) may not be connected to — "loopback",
    "unspecified", "link-local", "multicast", "private", "reserved" or "not global" — or None
    when it may. By default the allowances come from the settings."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    networks = allowed_networks() if networks is None else networks
    if allow_loopback is None:
        allow_loopback = loopback_allowed()
    # An explicit allowance names the address as the administrator wrote it.
    if any(ip.version == net.version and ip in net for net in networks):
        return None
    inner = _unwrap(ip)
    if inner is not ip and any(inner.version == net.version and inner in net for net in networks):
        return None
    # An address that carries an IPv4 address is judged by it: that is where it leads.
    reason = _reason(inner)
    if reason == "loopback" and allow_loopback:
        return None
    return reason


def _reason(ip):
    # The order gives the most telling word first; is_global catches the rest (shared address
    # space 100.64/10, documentation ranges, benchmarking, 6to4 relays…).
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "not global"
    return None


@dataclasses.dataclass(frozen=True)
class Target:
    """A checked address: where to connect and what to call it."""

    scheme: str
    host: str
    port: int
    path: str


def check_url(url) -> Target:
    """The checked parts of ``url``; raises Refused. Names are checked against the allowed
    hosts, literal addresses against the address rules; what a name resolves to is checked on
    each connection (``post_json``), as it can change between saving and sending."""
    url = url.strip() if isinstance(url, str) else ""
    if not url or len(url) > MAX_URL_LENGTH:
        raise Refused(_("The address is missing or too long."), code="url")
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = _normal_host(parts.hostname), parts.port
    except ValueError:
        raise Refused(_("The address is not a valid URL."), code="url") from None
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise Refused(_("The address must start with https:// and name a host."), code="scheme")
    loopback = is_loopback_host(host)
    ip = _ip(host)
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        if not loopback_allowed():
            raise Refused(_internal_message(), code="address")
    elif ip is not None:
        if address_refusal(ip):
            raise Refused(_internal_message(), code="address")
        # A public address written as such is a host like any other: listed, or refused.
        if not loopback and str(ip) not in allowed_hosts():
            raise Refused(_host_message(), code="host")
    elif host not in allowed_hosts():
        raise Refused(_host_message(), code="host")
    # After the host: where an address leads says more than how it is written.
    if parts.scheme == "http" and not (settings.DEBUG or (loopback and loopback_allowed())):
        raise Refused(
            _("Use an https:// address: plain http would expose the robot's key."), code="scheme"
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    default = 443 if parts.scheme == "https" else 80
    return Target(scheme=parts.scheme, host=host, port=port or default, path=path)


def _internal_message():
    return _(
        "This address points inside the network (this machine, a private or a reserved address) "
        "and cannot be used."
    )


def _host_message():
    return _(
        "Only the robots' official addresses (%(hosts)s) or an address the administrator has "
        "allowed can be used."
    ) % {"hosts": "、".join(DEFAULT_ALLOWED_HOSTS)}


def resolve_checked(target: Target) -> list:
    """The addresses ``target``'s host resolves to, each checked; raises Refused when any is
    refused (a name that also points inside is not trusted for its other addresses) and
    NetworkError when it does not resolve."""
    try:
        infos = resolve(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise NetworkError(str(exc), code="resolve") from exc
    addresses = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address_refusal(ip):
            raise Refused(_internal_message(), code="address")
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise NetworkError("no address", code="resolve")
    return addresses


# --- Sending -----------------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a checked address, whatever the name says (the Host header keeps it)."""

    def __init__(self, host, port, *, address, timeout, read_timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.read_timeout = read_timeout

    def _open(self):
        sock = socket.create_connection((str(self.address), self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(self.read_timeout)
        return sock

    def connect(self):
        self.sock = self._open()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        context = ssl.create_default_context()
        # SNI and the certificate check use the name, not the address connected to.
        self.sock = context.wrap_socket(self._open(), server_hostname=self.host)


def post_json(url: str, payload: dict, *, timeout: float | None = None) -> Response:
    """POST ``payload`` as JSON to ``url`` under the rules above; raises Refused or
    NetworkError. ``timeout`` is the read timeout (the connect timeout is at most
    ``settings.OUTBOUND_CONNECT_TIMEOUT``); the whole answer must arrive within twice it."""
    target = check_url(url)
    addresses = resolve_checked(target)
    read_timeout = float(timeout or DEFAULT_READ_TIMEOUT)
    connect_timeout = min(
        float(_setting("OUTBOUND_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT)), read_timeout
    )
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "UnionPlans",
        "Connection": "close",
    }
    last = None
    for address in addresses:
        connection_class = (
            _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        )
        connection = connection_class(
            target.host,
            target.port,
            address=address,
            timeout=connect_timeout,
            read_timeout=read_timeout,
        )
        try:
            try:
                connection.connect()
            except ssl.SSLCertVerificationError as exc:
                raise NetworkError(exc.verify_message or str(exc), code="certificate") from exc
            except TimeoutError as exc:
                last = NetworkError(str(exc), code="timeout")
                continue
            except OSError as exc:
                # Refused or unreachable: the name's next address may answer.
                last = NetworkError(str(exc), code="unreachable")
                continue
            return _exchange(connection, target, body, headers, deadline=2 * read_timeout)
        finally:
            connection.close()
    raise last


def _exchange(connection, target, body, headers, *, deadline):
    started = time.monotonic()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        chunks, size, truncated = [], 0, False
        while True:
            if time.monotonic() - started > deadline:
                raise NetworkError("the answer took too long", code="timeout")
            chunk = response.read(min(16 * 1024, MAX_RESPONSE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                truncated = True
                break
    except TimeoutError as exc:
        raise NetworkError(str(exc), code="timeout") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise NetworkError(str(exc) or type(exc).__name__, code="unreachable") from exc
    data = b"".join(chunks)[:MAX_RESPONSE_BYTES]
    return Response(
        status=response.status, headers=response.headers, body=data, truncated=truncated
    )

"""A real OpenLDAP server for the directory login tests: Debian's slapd on 127.0.0.1 and a free
port, from a throw-away slapd.conf and mdb database, with StartTLS by a certificate of a
throw-away certificate authority, and a small directory:

- ou=people: zhangsan (a planner of 宣教部), lisi (a reporter of 甲区总工会), wangwu (a leader),
  zhaoliu (in no group the portal knows); each with the password ``<login>-pass``;
- ou=groups: planners and unit-a, unit-b (groupOfNames), leaders (posixGroup, by memberUid);
- cn=portal,ou=services: the account the portal searches with.
"""

import base64
import datetime
import hashlib
import ipaddress
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ldap3 import MODIFY_ADD, MODIFY_DELETE, Connection, Server

SUFFIX = "dc=example,dc=org"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret"
READER_DN = f"cn=portal,ou=services,{SUFFIX}"
READER_PASSWORD = "reader-secret"
PEOPLE_BASE = f"ou=people,{SUFFIX}"
GROUPS_BASE = f"ou=groups,{SUFFIX}"
# login: (cn, mail, mobile)
PEOPLE = {
    "zhangsan": ("张三", "zhangsan@example.org", "13800000001"),
    "lisi": ("李四", "lisi@example.org", "0833-2123456"),
    "wangwu": ("王五", "wangwu@example.org", ""),
    "zhaoliu": ("赵六", "zhaoliu@example.org", ""),
}
GROUPS = {"planners": ["zhangsan"], "unit-a": ["lisi"], "unit-b": []}
POSIX_GROUPS = {"leaders": ["wangwu"]}


def password_of(login):
    return f"{login}-pass"


def person_dn(login):
    return f"uid={login},{PEOPLE_BASE}"


def group_dn(name):
    return f"cn={name},{GROUPS_BASE}"


def find_slapd():
    """slapd's path, or None when Debian's slapd is not installed."""
    for path in (shutil.which("slapd"), "/usr/sbin/slapd"):
        if path and os.access(path, os.X_OK):
            return path
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ssha(password):
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def _certificates(folder):
    """A CA (ca.pem) and a certificate for 127.0.0.1 signed by it (server.pem, server.key)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UnionPlans test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(certificate.public_bytes(pem))
    (folder / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def _config(folder):
    modules = "/usr/lib/ldap"
    load = (
        f"modulepath {modules}\nmoduleload back_mdb\n"
        if Path(modules, "back_mdb.so").exists()
        else ""
    )
    schemas = "".join(
        f"include /etc/ldap/schema/{name}.schema\n"
        for name in ("core", "cosine", "inetorgperson", "nis")
    )
    return f"""{schemas}{load}pidfile {folder}/slapd.pid
TLSCACertificateFile {folder}/ca.pem
TLSCertificateFile {folder}/server.pem
TLSCertificateKeyFile {folder}/server.key
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORD}
directory {folder}/db
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
"""


def _entry(dn, **attributes):
    lines = [f"dn: {dn}"]
    for name, values in attributes.items():
        for value in values if isinstance(values, list) else [values]:
            if value.isascii():
                lines.append(f"{name}: {value}")
            else:
                lines.append(f"{name}:: {base64.b64encode(value.encode()).decode()}")
    return "\n".join(lines) + "\n\n"


def _data():
    entries = [
        _entry(SUFFIX, objectClass=["dcObject", "organization"], dc="example", o="Example"),
        _entry(PEOPLE_BASE, objectClass="organizationalUnit", ou="people"),
        _entry(GROUPS_BASE, objectClass="organizationalUnit", ou="groups"),
        _entry(f"ou=services,{SUFFIX}", objectClass="organizationalUnit", ou="services"),
        _entry(
            READER_DN,
            objectClass=["organizationalRole", "simpleSecurityObject"],
            cn="portal",
            userPassword=_ssha(READER_PASSWORD),
        ),
    ]
    for number, (login, (name, mail, mobile)) in enumerate(PEOPLE.items()):
        attributes = {
            "objectClass": ["inetOrgPerson", "posixAccount"],
            "uid": login,
            "cn": name,
            "sn": name[0],
            "mail": mail,
            "uidNumber": str(2000 + number),
            "gidNumber": "2000",
            "homeDirectory": f"/home/{login}",
            "userPassword": _ssha(password_of(login)),
        }
        if mobile:
            attributes["mobile"] = mobile
        entries.append(_entry(person_dn(login), **attributes))
    for name, members in GROUPS.items():
        # groupOfNames needs a member: every group holds the service account too.
        entries.append(
            _entry(
                group_dn(name),
                objectClass="groupOfNames",
                cn=name,
                member=[*(person_dn(login) for login in members), READER_DN],
            )
        )
    for number, (name, members) in enumerate(POSIX_GROUPS.items()):
        entries.append(
            _entry(
                group_dn(name),
                objectClass="posixGroup",
                cn=name,
                gidNumber=str(3000 + number),
                memberUid=members,
            )
        )
    return "".join(entries)


class Slapd:
    """The running server: ``uri``, ``ca_file``; ``stop()``; ``admin()`` a connection bound as
    the directory's root to change it in a test."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = None
        self.process = None

    @property
    def uri(self):
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def other_uri(self):
        return f"ldap://127.0.0.2:{self.port}"

    @property
    def ca_file(self):
        return str(self.folder / "ca.pem")

    def start(self, slapd):
        _certificates(self.folder)
        (self.folder / "db").mkdir()
        config = self.folder / "slapd.conf"
        config.write_text(_config(self.folder))
        (self.folder / "data.ldif").write_text(_data(), encoding="utf-8")
        slapadd = str(Path(slapd).with_name("slapadd"))
        subprocess.run(
            [slapadd, "-f", str(config), "-l", str(self.folder / "data.ldif")],
            check=True,
            capture_output=True,
        )
        for _attempt in range(5):  # a free port can be taken between the probe and slapd
            self.port = free_port()
            log = (self.folder / "slapd.log").open("wb")
            self.process = subprocess.Popen(
                # 127.0.0.2 too: an address the certificate does not name.
                [slapd, "-f", str(config), "-h", f"{self.uri} {self.other_uri}", "-d", "0"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            if self._wait():
                return
            self.stop()
        raise RuntimeError("slapd did not start: " + (self.folder / "slapd.log").read_text())

    def _wait(self):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def admin(self):
        return Connection(
            Server("127.0.0.1", port=self.port), ADMIN_DN, ADMIN_PASSWORD, auto_bind=True
        )

    def move_member(self, login, from_group, to_group):
        """Take ``login`` out of the groupOfNames ``from_group``, into ``to_group``."""
        with self.admin() as connection:
            member = person_dn(login)
            connection.modify(group_dn(to_group), {"member": [(MODIFY_ADD, [member])]})
            connection.modify(group_dn(from_group), {"member": [(MODIFY_DELETE, [member])]})

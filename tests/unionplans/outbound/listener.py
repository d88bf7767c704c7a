"""A bare TCP listener on 127.0.0.1 for the tests of outbound requests: it counts every
connection it accepts, so that a test can prove that none arrived."""

import socket
import ssl
import threading
import time

import pytest


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts and answers each
    with ``answer`` (bytes, or a callable given the request), after ``delay`` seconds."""

    def __init__(self, answer=b"", delay=0.0, tls=None):
        self.answer, self.delay, self.tls = answer, delay, tls
        self.accepted = 0
        self.requests = []
        self.server_names = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _address = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        conn.settimeout(5)
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            self.requests.append(data)
            if self.delay:
                time.sleep(self.delay)
            answer = self.answer(data) if callable(self.answer) else self.answer
            if isinstance(answer, bytes):
                conn.sendall(answer)
            else:
                for part in answer:
                    conn.sendall(part)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def close(self):
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=2)


def ok(body=b'{"errcode": 0}'):
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"Connection: close\r\n\r\n" + body


def json_answer(data, status="200 OK"):
    """An HTTP answer carrying ``data`` as JSON."""
    import json

    body = json.dumps(data, ensure_ascii=False).encode()
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"Connection: close\r\n\r\n" + body


@pytest.fixture
def listener():
    """``listener(**options)`` starts a loopback ``Listener``; each is closed after the test."""
    made = []

    def make(**kwargs):
        made.append(Listener(**kwargs))
        return made[-1]

    yield make
    for item in made:
        item.close()

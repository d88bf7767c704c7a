"""A loopback stand-in for the WeCom, DingTalk and Feishu robot services.

It checks what the real services check, as they document it: the robot's key or token, the
payload's shape and size, and for DingTalk and Feishu the signature (recomputed from the shared
secret) and the timestamp's age (at most an hour). It answers with the services' own error codes
and records what it accepted. ``mode`` makes it misbehave: "rate_limit" (each service's code),
"http500", "slow" (answers after ``slow_seconds``), "html" (a 200 page that is not a robot) and
"redirect". ``delay`` makes every answer wait that long first; a client that hangs up meanwhile
(a killed worker) is not served, as if the request had never fully arrived, and ``waiting``
counts the requests being held.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1024 * 1024
ONE_HOUR = 3600


def dingtalk_expected_sign(timestamp: str, secret: str) -> str:
    # Written out here from DingTalk's documentation rather than imported from the channel, so
    # that a mistake in the channel is not repeated by the check.
    string_to_sign = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, digestmod=hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_expected_sign(timestamp: str, secret: str) -> str:
    string_to_sign = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(string_to_sign, digestmod=hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class RobotServices:
    """The services' state: keys and secrets, the misbehaviour to play, what was received."""

    wecom_key = "wecom-key-0001"
    dingtalk_token = "dingtalk-token-0001"
    dingtalk_secret = "SEC0123456789abcdef-dingtalk"
    feishu_hook = "feishu-hook-0001"
    feishu_secret = "feishu-secret-0001"

    def __init__(self):
        self.mode = "ok"
        self.slow_seconds = 1.0
        self.delay = 0.0
        self.waiting = 0
        self.received: list[tuple[str, dict, dict]] = []
        self.requests = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        # A short poll so that stopping the server does not take half a second per test.
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    # Addresses and configs as a planner would paste them.

    @property
    def wecom_url(self):
        return f"{self.base}/cgi-bin/webhook/send?key={self.wecom_key}"

    @property
    def dingtalk_url(self):
        return f"{self.base}/robot/send?access_token={self.dingtalk_token}"

    @property
    def feishu_url(self):
        return f"{self.base}/open-apis/bot/v2/hook/{self.feishu_hook}"

    def config(self, kind):
        return {
            "wecom": {"webhook": self.wecom_url},
            "dingtalk": {"webhook": self.dingtalk_url, "secret": self.dingtalk_secret},
            "feishu": {"webhook": self.feishu_url, "secret": self.feishu_secret},
        }[kind]

    def accepted(self, kind=None):
        return [payload for service, payload, _ in self.received if kind in (None, service)]

    # The services.

    def wecom(self, query, payload):
        if query.get("key") != self.wecom_key:
            return {"errcode": 93000, "errmsg": "invalid webhook url, hint: [test]"}
        if self.mode == "rate_limit":
            return {"errcode": 45009, "errmsg": "api freq out of limit"}
        msgtype = payload.get("msgtype")
        limits = {"text": 2048, "markdown": 4096}
        if msgtype not in limits:
            return {"errcode": 40008, "errmsg": "invalid message type"}
        content = (payload.get(msgtype) or {}).get("content")
        if not isinstance(content, str) or not content:
            return {"errcode": 44004, "errmsg": "empty content"}
        if len(content.encode()) > limits[msgtype]:
            return {"errcode": 40058, "errmsg": f"{msgtype}.content exceed max length"}
        return {"errcode": 0, "errmsg": "ok"}

    def dingtalk(self, query, payload):
        if query.get("access_token") != self.dingtalk_token:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
        if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > ONE_HOUR * 1000:
            return {"errcode": 310000, "errmsg": "sign not match, timestamp is invalid"}
        if not hmac.compare_digest(sign, dingtalk_expected_sign(timestamp, self.dingtalk_secret)):
            return {"errcode": 310000, "errmsg": "sign not match"}
        if self.mode == "rate_limit":
            return {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
        msgtype = payload.get("msgtype")
        body = payload.get(msgtype) or {}
        if msgtype == "markdown":
            ok = isinstance(body.get("title"), str) and isinstance(body.get("text"), str)
        elif msgtype == "text":
            ok = isinstance(body.get("content"), str)
        else:
            ok = False
        if not ok or not (body.get("text") or body.get("content")):
            return {"errcode": 40035, "errmsg": "缺少参数 json"}
        return {"errcode": 0, "errmsg": "ok"}

    def feishu(self, hook, payload):
        if hook != self.feishu_hook:
            return 200, {
                "code": 19001,
                "msg": "param invalid: incoming webhook access token invalid",
            }
        timestamp, sign = payload.get("timestamp"), payload.get("sign")
        stale = not (isinstance(timestamp, str) and timestamp.isdigit()) or (
            abs(time.time() - int(timestamp)) > ONE_HOUR
        )
        if stale or not hmac.compare_digest(
            str(sign), feishu_expected_sign(str(timestamp), self.feishu_secret)
        ):
            return 200, {
                "code": 19021,
                "msg": "sign match fail or timestamp is not within one hour from current time",
            }
        if self.mode == "rate_limit":
            # As seen from the real service: HTTP 400 with the code in the body.
            return 400, {"code": 9499, "msg": "too many request", "data": {}}
        if not _feishu_content_ok(payload):
            return 200, {"code": 19002, "msg": "params error, msg_type need"}
        return 200, {
            "StatusCode": 0,
            "StatusMessage": "success",
            "code": 0,
            "data": {},
            "msg": "success",
        }


def _feishu_content_ok(payload):
    msg_type, content = payload.get("msg_type"), payload.get("content")
    if not isinstance(content, dict):
        return False
    if msg_type == "text":
        return isinstance(content.get("text"), str)
    if msg_type == "post":
        posts = content.get("post") or {}
        return bool(posts) and all(
            isinstance(post.get("title"), str)
            and isinstance(post.get("content"), list)
            and all(
                isinstance(row, list) and all(isinstance(el, dict) and el.get("tag") for el in row)
                for row in post["content"]
            )
            for post in posts.values()
        )
    return msg_type == "interactive"


def _handler_for(services: RobotServices):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet tests
            pass

        def do_POST(self):
            with services._lock:
                services.requests += 1
            # The client may have given up already (the timeout tests).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer()

        def _answer(self):
            url = urllib.parse.urlsplit(self.path)
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
            length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
            raw = self.rfile.read(length)
            if services.delay and not self._still_there_after(services.delay):
                return None
            if services.mode == "slow":
                time.sleep(services.slow_seconds)
            if services.mode == "http500":
                return self._send(500, b"<html>Internal Server Error</html>", "text/html")
            if services.mode == "html":
                return self._send(200, b"<html>Welcome to nginx</html>", "text/html")
            if services.mode == "redirect":
                self.send_response(302)
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                return self._json(400, {"errcode": 40035, "errmsg": "content type"})
            try:
                payload = json.loads(raw.decode("utf-8"))
            except ValueError:
                return self._json(400, {"errcode": 40035, "errmsg": "not json"})
            if url.path == "/cgi-bin/webhook/send":
                service, status, answer = "wecom", 200, services.wecom(query, payload)
            elif url.path == "/robot/send":
                service, status, answer = "dingtalk", 200, services.dingtalk(query, payload)
            elif url.path.startswith("/open-apis/bot/v2/hook/"):
                hook = url.path.rsplit("/", 1)[-1]
                service = "feishu"
                status, answer = services.feishu(hook, payload)
            else:
                return self._send(404, b"not found", "text/plain")
            if answer.get("errcode", answer.get("code")) == 0:
                with services._lock:
                    services.received.append((service, payload, query))
            return self._json(status, answer)

        def _still_there_after(self, seconds):
            with services._lock:
                services.waiting += 1
            try:
                time.sleep(seconds)
            finally:
                with services._lock:
                    services.waiting -= 1
            # The client sent its whole request and waits: nothing to read. A closed socket
            # reads as b"" (or a reset).
            self.connection.setblocking(False)
            try:
                return self.connection.recv(1, socket.MSG_PEEK) != b""
            except BlockingIOError:
                return True
            except OSError:
                return False
            finally:
                self.connection.setblocking(True)

        def _json(self, status, data):
            self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json")

        def _send(self, status, body, content_type):
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler

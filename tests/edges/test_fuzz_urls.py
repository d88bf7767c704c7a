"""No address of the portal answers 500, whatever is in the path, the query or the form.

Every URL pattern of the project (walked from ``django.urls.get_resolver()``, the admin
included) is requested by GET and by POST as each role, its path filled with the object it names
in a small world, every parameter the views read set to a value that once broke one ("²", a
30 February). Then Hypothesis draws addresses, existing ids or random numbers and text for
the path, random query parameters and form fields (names the project uses and random ones,
random unicode values), with or without htmx. A view's exception fails the test with the
request that caused it, shrunk by Hypothesis to the smallest one.

FUZZ_EXAMPLES (environment) sets how many random requests are made; the default keeps the test
under a minute. ``FUZZ_EXAMPLES=2000`` is a deeper run before a release.
"""

import copy
import fnmatch
import os
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROLES = {
    "anonymous": None,
    "admin": "admin",
    "planner": "planner",
    "leader": "leader",
    "reporter": "reporter_a",
}
METHODS = ("get", "post")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))

# Parameters the views read besides their forms' fields (request.GET, unionplans.lib.params),
# and the admin's.
QUERY_NAMES = [
    "plan", "copy", "parent", "date", "text", "edit", "page", "next", "mode", "direction",
    "decision", "year", "section", "unit", "status", "from", "to", "sort", "units", "q", "o",
    "p", "e", "_popup", "_to_field", "_changelist_filters", "language", "app_label",
    "model_name", "field_name", "term",
]  # fmt: skip
# Present at all, they change what a view does, or (a bad ``_to_field``) make the admin refuse
# the whole page with a 400: the deterministic pass leaves them out.
FLAGS = {"text", "edit", "_popup", "_to_field"}
DATE_NAMES = {"date", "from", "to", "deadline", "proposed_deadline", "new_deadline"}
# Values that broke a view once, or look like what a view expects.
NASTY = [
    "²", "٣", "-1", "0", "1.5", "1e9", str(2**63), str(2**70), "2026-02-30", "2026-02-28",
    "", " ", "/", "//evil.example/", "evil.example", "javascript:alert(1)", "\x00", "%",
    "null", "all", "up", "accept", "approve", "blank", "copy", "overdue", "done", "en",
]  # fmt: skip

# Which object of the world an address names, by URL name (the first match wins).
PATH_OBJECTS = [
    ("plans:detail", ["plan"]),
    ("plans:archive", ["plan"]),
    ("plans:history", ["plan"]),
    ("plans:print", ["plan"]),
    ("plans:export_docx", ["plan"]),
    ("plans:task_new", ["draft_section"]),
    ("plans:section_new", ["draft"]),
    ("plans:section_*", ["draft_section"]),
    ("plans:task_*", ["draft_task"]),
    ("plans:*", ["draft"]),
    ("tasks:attachment", ["attachment"]),
    ("tasks:ledger", ["plan"]),
    ("tasks:export_xlsx", ["plan"]),
    ("tasks:review_completion", ["completion"]),
    ("tasks:review_extension", ["extension"]),
    ("tasks:notification_open", ["notification"]),
    ("tasks:reminder_policy", ["plan"]),
    ("tasks:assessment*", ["plan"]),
    ("tasks:writing_list", ["plan"]),
    ("tasks:summary_new", ["plan"]),
    ("tasks:bulletin_new", ["plan"]),
    ("tasks:writing_*", ["writing"]),
    ("tasks:unit_channel*", ["unit", "robot"]),
    ("tasks:delivery*", ["delivery"]),
    ("tasks:round_list", ["plan"]),
    ("tasks:round_schedule", ["plan"]),
    ("tasks:round_unit", ["round", "unit"]),
    ("tasks:round_*", ["round"]),
    ("tasks:export", ["export"]),
    ("tasks:export_download", ["export"]),
    ("tasks:*", ["task"]),
]


@dataclass(frozen=True)
class Route:
    """One URL pattern: its pieces from the root and its full name ("plans:detail")."""

    pieces: tuple
    name: str

    @property
    def template(self):
        return "/" + "".join(str(piece) for piece in self.pieces)

    def __repr__(self):
        return f"Route({self.template!r}, {self.name!r})"


def project_routes():
    """Every URL pattern the project answers."""

    def walk(resolver, pieces, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                yield from walk(entry, (*pieces, entry.pattern), inner)
            else:
                name = ":".join(filter(None, [namespace, entry.name or "?"]))
                yield Route((*pieces, entry.pattern), name)

    return list(walk(get_resolver(), (), ""))


_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


def _fill(route, value_for):
    """The path of ``route`` with each converter or regex group replaced by
    ``value_for(kind, body)`` (a string, already quoted)."""
    text = []
    for piece in route.pieces:
        if isinstance(piece, RegexPattern):
            regex = piece._regex.lstrip("^").rstrip("$")
            text.append(
                _GROUP.sub(lambda m: value_for("regex", m.group("body")), regex).replace("\\", "")
            )
        else:
            text.append(
                _CONVERTER.sub(lambda m: value_for(m.group("kind") or "str", ""), str(piece))
            )
    return "/" + "".join(text)


def known_path(route, world):
    """``route`` naming the objects of the world it is about (see PATH_OBJECTS); an admin
    address names the first row of its model."""
    ids = next((keys for pattern, keys in PATH_OBJECTS if fnmatch.fnmatch(route.name, pattern)), [])
    values = iter([str(world.objects[key].pk) for key in ids])
    model = _admin_model(route.name)
    first = model.objects.order_by("pk").first() if model else None

    def value_for(kind, body):
        if kind == "regex" and re.fullmatch(r"[\w|]+", body):
            return body.split("|")[0]
        if first is not None:
            return str(first.pk)
        return next(values, "1")

    return _fill(route, value_for)


def _admin_model(name):
    """The model of an admin address such as ``admin:plans_task_change``, or None."""
    match = re.fullmatch(r"admin:(\w+?)_(\w+?)_(change|delete|history)", name)
    if not match:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


def drawn_path(route, ids):
    """A strategy for the path of ``route`` with random ids, numbers or text."""

    def segment(kind, body):
        numbers = st.sampled_from(ids) | st.integers(min_value=0, max_value=10**20)
        if kind == "regex" and re.fullmatch(r"[\w|]+", body):
            return st.sampled_from(body.split("|"))
        if kind == "int":
            return numbers.map(str)
        safe = "/" if kind in {"path", "regex"} else ""
        text = st.text(min_size=1, max_size=12)
        if not safe:
            text = text.filter(lambda s: "/" not in s)
        return (numbers.map(str) | text | st.sampled_from(NASTY[:10])).map(
            lambda s: quote(s, safe=safe)
        )

    @st.composite
    def path(draw):
        return _fill(route, lambda kind, body: draw(segment(kind, body)))

    return path()


def form_names():
    """The field names of every form of the project, prefixed ones as the pages send them."""
    names, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {"plans", "tasks"}:
            names.update(getattr(cls, "base_fields", {}))
    prefixed = {f"{prefix}-{name}" for prefix in ("blank", "copy") for name in names}
    formset = {
        f"task-new-targets-{field}"
        for field in ("TOTAL_FORMS", "INITIAL_FORMS", "0-text", "0-value", "0-DELETE")
    }
    return sorted(names | prefixed | formset | set(QUERY_NAMES))


def hostile(names):
    """Every name but the flags, with "²" (which ``isdigit()`` but ``int()`` refuses) or, for a
    date, 30 February; ``next`` leaves the site."""
    values = {name: "2026-02-30" if name in DATE_NAMES else "²" for name in names}
    values["next"] = "evil.example"
    return {name: value for name, value in values.items() if name not in FLAGS}


def values(ids):
    """A value typed by someone careless or hostile: a nasty one, digits of any script, a date
    that may not exist, an id, a huge number or any text."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(st.characters(categories=("Nd", "No", "Nl")), min_size=1, max_size=3),
        st.builds(
            "{}-{:02}-{:02}".format,
            st.integers(0, 10000),
            st.integers(0, 13),
            st.integers(0, 32),
        ),
        st.sampled_from(ids).map(str),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.text(max_size=20),
    )


def fields(names, ids):
    """Query parameters or form fields: a few of the names the project reads, a random name
    now and then, random values (sometimes a list of them)."""
    value = values(ids) | st.lists(values(ids), min_size=2, max_size=3)
    keys = st.sampled_from(names) | st.text(min_size=1, max_size=6)
    return st.dictionaries(keys, value, max_size=8)


def uploads():
    """Now and then a file among the form fields: random bytes under a random name."""
    stem = st.text(st.characters(codec="utf-8", exclude_characters="/\\\x00"), max_size=12)
    extension = st.sampled_from(["", ".png", ".pdf", ".docx", ".xlsx", ".exe"])
    content = st.sampled_from(["", "%PDF-1.4 x", "\x89PNG\r\n\x1a\n", "PK\x03\x04"]) | st.text(
        max_size=64
    )
    upload = st.builds(
        lambda key, stem, ext, text: {
            key: SimpleUploadedFile(f"f{stem}{ext}", text.encode("utf-8", "replace"))
        },
        st.sampled_from(["files", "document", "file"]),
        stem,
        extension,
        content,
    )
    return st.just({}) | upload


def sessions(world):
    """The session cookies of each role, logged in once for the whole test."""
    cookies = {}
    for role, key in ROLES.items():
        client = Client()
        if key:
            client.force_login(world.user(key))
        cookies[role] = client.cookies
    return cookies


def call(cookies, role, method, path, query, form, htmx=False):
    """One request as ``role``, rolled back afterwards so that every request sees the same
    world (and a logout does not end the role's session). A view's exception propagates: the
    client re-raises it."""
    client = Client(raise_request_exception=True)
    client.cookies = copy.deepcopy(cookies[role])
    url = f"{path}?{urlencode(query, doseq=True)}" if query else path
    headers = {"HX-Request": "true"} if htmx else {}
    for value in form.values():
        if hasattr(value, "seek"):
            value.seek(0)  # the same file may be sent again
    with transaction.atomic():
        try:
            if method == "get":
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, form, headers=headers)
        finally:
            transaction.set_rollback(True)
    assert response.status_code != 500, (role, method, url)
    return response


def test_every_address_as_every_role_with_hostile_parameters(small_world):
    cookies = sessions(small_world)
    routes = project_routes()
    assert len(routes) > 150, "the resolver walk missed addresses"
    bad = hostile(form_names())
    shown = set()
    for route in routes:
        path = known_path(route, small_world)
        for role in ROLES:
            if call(cookies, role, "get", path, bad, {}).status_code == 200:
                shown.add(route.name)
            call(cookies, role, "post", path, bad, bad)
    # The paths name real objects: most pages open for someone (not all 404 or 403).
    assert len(shown) > len(routes) // 2, sorted({r.name for r in routes} - shown)


def test_random_requests(small_world):
    cookies = sessions(small_world)
    routes = project_routes()
    ids, names = small_world.ids, form_names()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def random_request(data):
        route = data.draw(st.sampled_from(routes), label="route")
        path = data.draw(drawn_path(route, ids) | st.just(known_path(route, small_world)))
        role = data.draw(st.sampled_from(list(ROLES)), label="role")
        method = data.draw(st.sampled_from(METHODS), label="method")
        query = data.draw(fields(names, ids), label="query")
        form = data.draw(st.tuples(fields(names, ids), uploads()), label="form")
        htmx = data.draw(st.booleans(), label="htmx")
        call(cookies, role, method, path, query, {**form[0], **form[1]}, htmx)

    random_request()

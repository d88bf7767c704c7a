"""Reading settings from the environment, failing loudly on a bad value.

A typo in a production setting must stop the process at start-up with a message naming the
variable, not run with a silently wrong default.
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    """The variable as a string, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name, default=False):
    """The variable as a boolean; anything but the usual spellings is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no, on/off."
    )


def env_int(name, default):
    """The variable as an integer."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name, default=()):
    """A comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_json_object(name):
    """A variable holding a JSON object, as a dict ({} when unset or empty)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object ({{…}}).")
    return value


def env_pairs(name, default, keys):
    """``key=value,key=value`` as a dict; every key one of ``keys``, every value non-empty."""
    raw = os.environ.get(name)
    pairs = {}
    for item in (default if raw is None else raw).split(","):
        if not item.strip():
            continue
        key, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not value or key not in keys:
            raise ImproperlyConfigured(
                f"{name}: {item.strip()!r} is not key=value with a key among {', '.join(keys)}."
            )
        pairs[key] = value
    return pairs


def env_time_of_day(name, default):
    """An ``HH:MM`` variable as (hour, minute)."""
    raw = env_str(name, default).strip()
    hour, _sep, minute = raw.partition(":")
    if hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60:
        return int(hour), int(minute)
    raise ImproperlyConfigured(f"{name}={raw!r} is not a time of day: use HH:MM, e.g. 08:30.")

"""Chinese first, English available: every string of ours has a Chinese translation."""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"


def _untranslated(po):
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]


def test_catalogue_is_complete():
    assert _untranslated(polib.pofile(str(CATALOGUE / "django.po"))) == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    with open(CATALOGUE / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        if entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages, run on a copy of the sources and the catalogue, finds nothing new."""
    for folder in ("unionplans", "plans", "tasks", "templates", "locale"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], verbosity=0)
    po = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert _untranslated(po) == []


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client):
    content = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in content
    assert "登录" in content and "工会宣传工作要点管理平台" in content


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese(client):
    content = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert "登录" in content.decode()


@pytest.mark.django_db
def test_english_can_be_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in content
    assert "Union publicity work plans" in content


# Chinese sentences take full-width punctuation: "逾期催办：", "（已逾期3天）".
_CJK = r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]"
_ASCII_IN_CHINESE_RE = re.compile(rf"{_CJK}\s*[:()]|[:()]\s*{_CJK}")
# What is not Chinese prose: placeholders, addresses, times of day.
_NOT_PROSE_RE = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{[^}]*\}|[a-z()]+://\S*|\b\d{1,2}:\d{2}\b")


def ascii_punctuation_in_chinese(text):
    """The ASCII colons and brackets of ``text`` that sit next to Chinese characters (or, in a
    Chinese text, next to a placeholder: "%(label)s: %(value)s")."""
    return _ASCII_IN_CHINESE_RE.findall(_NOT_PROSE_RE.sub("", text))


def test_ascii_punctuation_in_chinese_is_found():
    assert ascii_punctuation_in_chinese("逾期催办: 任务") == ["办:"]
    assert ascii_punctuation_in_chinese("(已逾期3天)") == ["(已", "天)"]
    assert ascii_punctuation_in_chinese("%(unit)s：于 08:30 发送，见 https://x.cn/a:b") == []
    assert ascii_punctuation_in_chinese("导出 Excel (.xlsx)") == []


def test_chinese_translations_use_full_width_colons_and_brackets():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    offending = {}
    for entry in po:
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            prose = _NOT_PROSE_RE.sub("", text)
            if re.search(_CJK, prose) and re.search(r"[:()]", prose):
                offending[entry.msgid] = text
    assert offending == {}

"""Every change of the organisation is in the federation's change log, in plain words: units
created, changed, moved, their contacts; accounts created, changed, deactivated, reactivated,
passwords reset and changed, people's own details, responsible leaders, lists imported. Never a
password or a hash of one."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from plans.audit import display
from plans.models import AuditEntry, Leader, Unit, User
from plans.organisation import recorded
from plans.organisation.applying import apply_list
from plans.organisation.reading import read_list
from tests.plans.organisation.workbooks import filled, workbook

STRONG = "Ql9!vX2pzR"


def _only(action):
    (entry,) = AuditEntry.objects.filter(action=action)
    return entry


def _read(entry):
    """The entry as the change log shows it in Chinese: its name and (label, before, after)."""
    with translation.override("zh-hans"):
        row = display.render(entry)
        return str(row.label), {str(c.label): (c.before, c.after) for c in row.changes}


def _no_secret(*secrets):
    """No entry holds a password, a hash of one, or any of ``secrets``."""
    for entry in AuditEntry.objects.all():
        written = json.dumps([entry.summary, entry.before, entry.after], ensure_ascii=False)
        assert "pbkdf2" not in written
        for secret in secrets:
            assert secret not in written, entry.action


def _initial_password(page):
    return re.search(r'<code class="initial-password">([^<]+)</code>', page).group(1)


def _log(client, world, **query):
    url = reverse("organisation:changes", args=[world.federation.pk])
    return client.get(url, query).content.decode()


# --- Units --------------------------------------------------------------------------------------


def test_a_unit_created_changed_moved_and_its_contacts(client, world):
    client.force_login(world.planner)
    data = {"name": "戊区总工会", "kind": "district", "parent": world.federation.pk, "order": 5}
    client.post(reverse("organisation:unit_new", args=[world.federation.pk]), data)
    unit = Unit.objects.get(name="戊区总工会")
    created = _only(recorded.UNIT_CREATED)
    assert (created.unit, created.federation, created.user) == (
        unit,
        world.federation,
        world.planner,
    )
    name, changes = _read(created)
    assert name == "新建单位"
    assert changes["单位类别"] == (None, "区县总工会")
    assert changes["上级单位"] == (None, "测试市总工会")

    edit = reverse("organisation:unit_edit", args=[unit.pk])
    client.post(edit, {**data, "order": 6, "short_name": "戊区"})
    assert _read(_only(recorded.UNIT_CHANGED)) == (
        "修改单位信息",
        {"简称": (None, "戊区"), "排序": ("5", "6")},
    )
    client.post(edit, {**data, "order": 6, "short_name": "戊区", "parent": world.unit_a.pk})
    assert _read(_only(recorded.UNIT_MOVED)) == (
        "调整上级单位",
        {"上级单位": ("测试市总工会", "甲区总工会")},
    )
    contacts = {"emails": "a@example.org；b@example.org", "phones": "0833-2123456"}
    client.post(
        edit, {**data, "order": 6, "short_name": "戊区", "parent": world.unit_a.pk, **contacts}
    )
    assert _read(_only(recorded.UNIT_CONTACTS)) == (
        "修改单位联系方式",
        {"通知邮箱": (None, "a@example.org、b@example.org"), "联系电话": (None, "0833-2123456")},
    )
    client.post(
        edit, {**data, "order": 6, "short_name": "戊区", "parent": world.unit_a.pk, **contacts}
    )
    assert AuditEntry.objects.filter(unit=unit).count() == 4  # saving nothing new records nothing

    page = _log(client, world, unit=unit.pk)
    for words in ("新建单位", "修改单位信息", "调整上级单位", "修改单位联系方式", "区县总工会"):
        assert words in page
    assert ">unit.create<" not in page and ">district<" not in page


# --- Accounts -----------------------------------------------------------------------------------


def test_an_account_created_changed_deactivated_reactivated(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:account_new", args=[world.federation.pk])
    data = {"first_name": "王", "username": "wang", "unit": world.unit_a.pk, "role": "reporter"}
    password = _initial_password(client.post(url, data).content.decode())
    user = User.objects.get(username="wang")
    created = _only(recorded.PERSON_CREATED)
    assert (created.person, created.federation, created.summary) == (
        user,
        world.federation,
        "王（wang）",
    )
    name, changes = _read(created)
    assert name == "新建账号"
    assert changes["角色"] == (None, "单位填报员")
    assert changes["单位"] == (None, "甲区总工会")
    assert changes["密码"] == (None, "生成初始密码，仅显示一次，首次登录时须修改")

    edit = reverse("organisation:account_edit", args=[user.pk])
    client.post(edit, {**data, "phone": "13800000009"})
    assert _read(_only(recorded.PERSON_CHANGED)) == (
        "修改账号信息",
        {"手机": (None, "13800000009")},
    )
    client.post(edit, {**data, "phone": "13800000009", "role": "leader", "unit": world.unit_b.pk})
    assert _read(_only(recorded.PERSON_ROLE)) == (
        "调整角色或单位",
        {"单位": ("甲区总工会", "乙县总工会"), "角色": ("单位填报员", "领导")},
    )

    active = reverse("organisation:account_active", args=[user.pk])
    client.post(active)
    client.post(active)
    assert _read(_only(recorded.DEACTIVATED)) == ("停用账号", {"可以登录": ("是", "否")})
    assert _read(_only(recorded.REACTIVATED)) == ("恢复账号", {"可以登录": ("否", "是")})
    _no_secret(password)

    page = _log(client, world, person=user.pk)
    for words in (
        "新建账号",
        "修改账号信息",
        "调整角色或单位",
        "停用账号",
        "恢复账号",
        "王（wang）",
    ):
        assert words in page
    assert password not in page


def test_one_cannot_deactivate_oneself_and_nothing_is_recorded(client, world):
    client.force_login(world.planner)
    client.post(reverse("organisation:account_active", args=[world.planner.pk]))
    assert not AuditEntry.objects.exists()


def test_a_password_reset_says_how_never_what(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:account_password", args=[world.reporter_a.pk])
    password = _initial_password(client.post(url).content.decode())
    entry = _only(recorded.PASSWORD_RESET)
    assert (entry.person, entry.user) == (world.reporter_a, world.planner)
    assert _read(entry) == (
        "重置密码",
        {"密码": (None, "生成初始密码，仅显示一次，首次登录时须修改")},
    )
    _no_secret(password)
    assert password not in _log(client, world)


def test_the_forced_change_at_first_login_then_a_change_of_ones_own(client, world):
    user = world.reporter_a
    user.must_change_password = True
    user.save()
    client.force_login(user)
    url = reverse("organisation:password_change")
    client.post(url, {"old_password": "pw", "new_password1": STRONG, "new_password2": STRONG})
    replaced = _only(recorded.PASSWORD_REPLACED)
    assert (replaced.person, replaced.user) == (user, user)
    assert _read(replaced) == ("本人修改初始密码", {"密码": (None, "本人设置")})
    again = "Zr8#mWq4tLk"
    client.post(url, {"old_password": STRONG, "new_password1": again, "new_password2": again})
    assert _read(_only(recorded.PASSWORD_CHANGED))[0] == "本人修改密码"
    _no_secret(STRONG, again, "pw")


def test_a_refused_password_change_records_nothing(client, world):
    client.force_login(world.reporter_a)
    weak = {"old_password": "pw", "new_password1": "123", "new_password2": "123"}
    client.post(reverse("organisation:password_change"), weak)
    assert not AuditEntry.objects.exists()


def test_ones_own_details(client, world):
    client.force_login(world.reporter_a)
    data = {"first_name": "甲", "phone": "0833-2123456", "email": "a@example.org"}
    client.post(reverse("organisation:profile"), data)
    entry = _only(recorded.PROFILE_CHANGED)
    assert (entry.person, entry.user, entry.federation) == (
        world.reporter_a,
        world.reporter_a,
        world.federation,
    )
    name, changes = _read(entry)
    assert name == "本人修改个人信息"
    assert changes["手机"] == (None, "0833-2123456")
    assert changes["姓名"] == (None, "甲")


def test_responsible_leaders_added_and_linked(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:leader_new", args=[world.federation.pk])
    client.post(url, {"name": "刘副主席", "title": "副主席", "user": ""})
    leader = Leader.objects.get(name="刘副主席")
    assert _read(_only(recorded.LEADER_CREATED)) == (
        "新增责任领导",
        {"责任领导": (None, "刘副主席"), "职务": (None, "副主席")},
    )
    edit = reverse("organisation:leader_edit", args=[leader.pk])
    client.post(edit, {"name": "刘副主席", "title": "副主席", "user": world.leader.pk})
    entry = _only(recorded.LEADER_CHANGED)
    assert entry.person == world.leader
    assert _read(entry)[1] == {"用户账号": (None, recorded.person_name(world.leader))}


# --- The list -----------------------------------------------------------------------------------


def test_an_import_records_each_row_and_the_whole(world):
    applied = apply_list(world.federation, read_list(filled()), world.planner)
    units = AuditEntry.objects.filter(action=recorded.UNIT_CREATED)
    assert sorted(entry.unit.name for entry in units) == [
        "丁区总工会",
        "丁区机关工会",
        "工人文化宫",
        "组织部",
    ]
    people = AuditEntry.objects.filter(action=recorded.PERSON_CREATED)
    assert sorted(entry.person.username for entry in people) == ["wangxuan", "zhanghui", "zhaoding"]
    _name, changes = _read(AuditEntry.objects.get(person__username="zhanghui"))
    assert changes["责任领导"] == (None, "张慧")  # linked to the leader of their name
    assert changes["方式"] == (None, "单位和人员名单（Excel）")
    assert changes["密码"] == (None, "生成初始密码，仅显示一次，首次登录时须修改")
    palace = AuditEntry.objects.get(unit__name="工人文化宫")
    assert _read(palace)[1]["通知邮箱"] == (None, "whg@example.org、whg2@example.org")
    whole = _only(recorded.LIST_IMPORTED)
    assert (whole.user, whole.federation, whole.unit, whole.person) == (
        world.planner,
        world.federation,
        None,
        None,
    )
    assert _read(whole) == (
        "导入单位和人员名单",
        {
            "新建单位数": (None, "4"),
            "修改单位数": (None, "0"),
            "新建账号数": (None, "3"),
            "修改账号数": (None, "0"),
            "方式": (None, "单位和人员名单（Excel）"),
        },
    )
    _no_secret(*(password for _name, _login, password in applied.passwords))

    # The same list again changes nothing: only that it was applied is recorded.
    apply_list(world.federation, read_list(filled()), world.planner)
    assert AuditEntry.objects.count() == 4 + 3 + 2
    assert AuditEntry.objects.first().action == recorded.LIST_IMPORTED


def test_an_import_records_what_it_changed(world):
    data = workbook(
        {
            "单位名单": [["单位名称", "排序"], ["甲区总工会", 7]],
            "人员名单": [
                ["姓名", "所属单位", "登录名", "角色"],
                ["甲", "乙县总工会", world.reporter_a.username, "领导"],
            ],
        }
    )
    apply_list(world.federation, read_list(data), world.planner)
    assert _read(AuditEntry.objects.get(unit=world.unit_a)) == (
        "修改单位信息",
        {"排序": ("0", "7"), "方式": (None, "单位和人员名单（Excel）")},
    )
    name, changes = _read(AuditEntry.objects.get(person=world.reporter_a))
    assert name == "调整角色或单位"
    assert changes["单位"] == ("甲区总工会", "乙县总工会")
    assert changes["角色"] == ("单位填报员", "领导")
    assert changes["责任领导"] == (None, "甲")
    assert "密码" not in changes


def test_a_large_import_writes_its_entries_in_a_few_inserts(world):
    units = [["单位名称", "上级单位"], *[[f"基层工会{n}", "甲区总工会"] for n in range(150)]]
    people = [
        ["姓名", "所属单位", "登录名", "角色"],
        *[[f"成员{n}", f"基层工会{n % 150}", f"member{n}", "单位填报员"] for n in range(450)],
    ]
    read = read_list(workbook({"单位名单": units, "人员名单": people}))
    with CaptureQueriesContext(connection) as queries:
        apply_list(world.federation, read, world.planner)
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "plans_auditentry"')]
    assert AuditEntry.objects.count() == 150 + 450 + 1
    assert len(inserts) == 2  # 601 entries, 500 a statement


@pytest.mark.parametrize("code", sorted(recorded.ACTIONS))
def test_every_action_reads_as_words(code):
    assert display.is_registered(code)
    with translation.override("zh-hans"):
        name = str(display.render(AuditEntry(action=code)).label)
    assert name != "其他变更" and not re.search(r"[a-z]", name)

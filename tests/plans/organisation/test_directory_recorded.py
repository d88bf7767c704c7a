"""What directory (LDAP) logins change is in the federation's change log, made by the directory:
accounts made, their role and unit as the groups say, a portal account taken over; a leader
linked to the responsible leader of their name as the list import links one. A login that
changes nothing records nothing; no password is ever recorded."""

import json

from django.utils import translation

from plans.audit import display
from plans.models import AuditEntry, Leader, User
from plans.organisation import recorded
from tests import factories
from tests.plans.organisation import slapd

LOGIN = "/accounts/login/"


def _log_in(client, username):
    response = client.post(LOGIN, {"username": username, "password": slapd.password_of(username)})
    assert response.status_code == 302
    client.logout()


def _read(entry):
    with translation.override("zh-hans"):
        row = display.render(entry)
        return str(row.label), row.who, {str(c.label): (c.before, c.after) for c in row.changes}


def test_a_first_login_records_the_account_made_by_the_directory(directory, client, world):
    _log_in(client, "zhangsan")
    user = User.objects.get(username="zhangsan")
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.person, entry.federation, entry.user) == (
        recorded.PERSON_CREATED,
        user,
        world.federation,
        None,
    )
    name, who, changes = _read(entry)
    assert (name, who) == ("新建账号", "目录服务（LDAP）")
    assert changes["单位"] == (None, "宣教部")
    assert changes["角色"] == (None, "宣教部工作人员")
    assert changes["密码"] == (None, "使用目录服务的密码，平台不保存")
    assert changes["方式"] == (None, "目录服务（LDAP）登录")
    written = json.dumps([entry.before, entry.after, entry.summary], ensure_ascii=False)
    assert slapd.password_of("zhangsan") not in written and "pbkdf2" not in written

    _log_in(client, "zhangsan")  # nothing new in the directory: nothing recorded
    assert AuditEntry.objects.count() == 1


def test_a_group_change_is_recorded_as_a_new_unit(directory, client, world):
    _log_in(client, "lisi")
    directory.move_member("lisi", "unit-a", "unit-b")
    try:
        _log_in(client, "lisi")
    finally:
        directory.move_member("lisi", "unit-b", "unit-a")
    entry = AuditEntry.objects.get(action=recorded.PERSON_ROLE)
    assert _read(entry) == (
        "调整角色或单位",
        "目录服务（LDAP）",
        {"单位": ("甲区总工会", "乙县总工会"), "方式": (None, "目录服务（LDAP）登录")},
    )


def test_a_portal_account_taken_over_by_the_directory(directory, client, world):
    own = factories.UserFactory(username="zhangsan", unit=world.unit_c, first_name="张三")
    _log_in(client, "zhangsan")
    (entry,) = AuditEntry.objects.all()
    assert entry.person == own
    name, _who, changes = _read(entry)
    assert name == "调整角色或单位"
    assert changes["单位"] == ("丙区总工会", "宣教部")
    assert changes["通过目录服务登录"] == ("否", "是")
    assert "密码" not in changes


def test_a_directory_leader_is_linked_to_the_leader_of_their_name(directory, client, world):
    leader = factories.LeaderFactory(federation=world.federation, name="王五")
    _log_in(client, "wangwu")
    user = User.objects.get(username="wangwu")
    leader.refresh_from_db()
    assert leader.user == user
    name, _who, changes = _read(AuditEntry.objects.get(person=user))
    assert name == "新建账号"
    assert changes["责任领导"] == (None, "王五")
    assert changes["角色"] == (None, "领导")
    _log_in(client, "wangwu")  # linked already: nothing more
    assert AuditEntry.objects.count() == 1


def test_a_directory_leader_without_a_leader_gets_one_made(directory, client, world):
    _log_in(client, "wangwu")
    leader = Leader.objects.get(federation=world.federation, name="王五")
    assert leader.user.username == "wangwu"


def test_a_leader_linked_to_someone_else_is_left_alone(directory, client, world):
    factories.LeaderFactory(federation=world.federation, name="王五", user=world.leader)
    _log_in(client, "wangwu")
    assert Leader.objects.get(name="王五").user == world.leader
    _name, _who, changes = _read(AuditEntry.objects.get(person__username="wangwu"))
    assert "责任领导" not in changes


def test_an_existing_leader_account_is_linked_at_its_next_login(directory, client, world):
    _log_in(client, "wangwu")
    user = User.objects.get(username="wangwu")
    Leader.objects.filter(user=user).delete()
    factories.LeaderFactory(federation=world.federation, name="王五")
    _log_in(client, "wangwu")
    entry = AuditEntry.objects.filter(person=user).first()
    assert _read(entry) == (
        "关联责任领导",
        "目录服务（LDAP）",
        {"责任领导": (None, "王五"), "方式": (None, "目录服务（LDAP）登录")},
    )

"""The words people write in their unit and people lists: column headers, kinds of unit and
roles, each recognised by its usual names as well as the portal's own labels."""

import functools
import re
import unicodedata

from django.utils import translation

from plans.models import Unit, User

UNIT_SHEET = "单位名单"
PEOPLE_SHEET = "人员名单"

# Each column: its key, the header the template writes, and the other names it goes by. New
# columns go last, so that rows written by position into the template stay where they were.
UNIT_COLUMNS = (
    ("name", "单位名称", ("单位", "名称", "单位全称", "unit", "name")),
    ("parent", "上级单位", ("上级", "所属上级", "上级单位名称", "parent")),
    ("kind", "单位类别", ("单位类型", "类别", "类型", "kind")),
    ("short_name", "简称", ("单位简称", "short name")),
    ("emails", "通知邮箱", ("邮箱", "电子邮箱", "通知邮件", "email", "emails")),
    ("order", "排序", ("顺序", "排列顺序", "排序号", "order")),
    (
        "phones",
        "联系电话",
        ("电话", "手机", "手机号", "手机号码", "办公电话", "phone", "phones"),
    ),
)
PEOPLE_COLUMNS = (
    ("name", "姓名", ("名字", "name")),
    ("unit", "所属单位", ("单位", "单位名称", "工作单位", "unit")),
    ("username", "登录名", ("用户名", "账号", "帐号", "登录账号", "登录帐号", "username", "login")),
    ("role", "角色", ("身份", "用户角色", "role")),
    ("phone", "手机", ("手机号", "手机号码", "电话", "联系电话", "phone", "mobile")),
    ("email", "邮箱", ("电子邮箱", "email", "e-mail")),
)
REQUIRED = {UNIT_SHEET: ("name",), PEOPLE_SHEET: ("name", "unit")}

KIND_WORDS = {
    Unit.Kind.FEDERATION: ("总工会", "市总工会", "市总", "联合会"),
    Unit.Kind.DEPARTMENT: ("部室", "总工会部室", "部门", "机关部室", "内设部室", "内设机构"),
    Unit.Kind.DISTRICT: (
        "区县总工会",
        "区（县）总工会",
        "区县工会",
        "区总工会",
        "县总工会",
        "区县",
        "县区总工会",
        "街道总工会",
        "乡镇总工会",
    ),
    Unit.Kind.INDUSTRY: ("产业工会", "行业工会", "产业", "系统工会"),
    Unit.Kind.AFFILIATED: ("直属单位", "直属", "事业单位", "直属事业单位", "文化宫"),
    Unit.Kind.OTHER: ("其他", "其它"),
}
ROLE_WORDS = {
    User.Role.PLANNER: (
        "宣教部工作人员",
        "宣教部",
        "宣传教育部工作人员",
        "宣传部工作人员",
        "组宣部工作人员",
        "计划管理员",
        "工作要点管理员",
    ),
    User.Role.REPORTER: ("单位填报员", "填报员", "填报人", "联络员", "报送员", "单位联络员"),
    User.Role.LEADER: ("领导", "责任领导", "分管领导", "市总领导"),
    User.Role.ADMIN: ("系统管理员", "管理员", "administrator"),
}


def normalise(text):
    """``text`` compared as people mean it: full-width folded, spaces and marks of a required
    column (*, （必填）) removed, lower case."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[(（][^)）]*[)）]$", "", text.strip())
    return re.sub(r"[\s*＊:：]", "", text).lower()


def _lookup(words, choices):
    """A dictionary from every way of writing a choice to the choice: the usual words, its value
    and its label in each language of the portal."""
    table = {}
    for choice in choices:
        for word in (*words.get(choice, ()), choice.value):
            table[normalise(word)] = choice
        for language in ("zh-hans", "en"):
            with translation.override(language):
                table.setdefault(normalise(choice.label), choice)
    return table


# Made once: a list of 3,000 people reads a role on every row.
@functools.cache
def _kinds():
    return _lookup(KIND_WORDS, Unit.Kind)


@functools.cache
def _roles():
    return _lookup(ROLE_WORDS, User.Role)


def column_lookup(columns):
    """Header text (normalised) → column key."""
    table = {}
    for key, header, others in columns:
        for word in (header, *others):
            table.setdefault(normalise(word), key)
    return table


def read_kind(text):
    """The unit kind written as ``text`` ("部室", "区县总工会", "Industry union"…), or None."""
    return _kinds().get(normalise(text))


def read_role(text):
    """The role written as ``text`` ("单位填报员", "领导", "Planner (…)"…), or None."""
    return _roles().get(normalise(text))

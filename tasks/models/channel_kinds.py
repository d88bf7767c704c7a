"""The kinds of delivery channel and their names.

A leaf module: models and templates name a channel through it without loading the channels
themselves (which reach the notification centre, SMTP and HTTP).
"""

from django.utils.translation import gettext_lazy as _

INAPP, EMAIL, WECOM, DINGTALK, FEISHU = "inapp", "email", "wecom", "dingtalk", "feishu"

LABELS = {
    INAPP: _("In-app notification"),
    EMAIL: _("Email"),
    WECOM: _("WeCom group robot"),
    DINGTALK: _("DingTalk custom robot"),
    FEISHU: _("Feishu custom bot"),
}

# The chat robots: a unit's ``UnitChannel`` rows, which can break and be switched off.
ROBOT_KINDS = (WECOM, DINGTALK, FEISHU)


def label(kind):
    """The name of ``kind`` for people; an unknown kind is shown as it is stored."""
    return LABELS.get(kind, kind)

"""What people typed (task titles, unit names, deadlines), made inert in a robot's message.

A reminder quotes a task's title into group chats. In WeCom's and DingTalk's markdown a title
such as "[点这里](https://…)" would become a link in the unit's group, and "**" or "#" would
restyle our message. Neither service documents backslash escapes, so the characters their
markdown gives a meaning to are replaced by their full-width forms, which read the same in
Chinese text and mean nothing to markdown; bare addresses lose their "://" and "www." so that
the chat apps do not turn them into links. Feishu's rich text ("post") is not markdown: its
"text" elements are shown as typed and only its "a" elements link, so it needs only the latter.

Our own markup (the bold title, the link to the task) is added by the robot after escaping.
"""

import re

# The characters with a meaning in WeCom's markdown (headings, bold, links, code, quotes, its
# <font> and <@mention> tags) or in DingTalk's (the same, plus images, lists, emphasis, strike-
# through and tables): one table for both, as a character harmless in one may not be in the next
# version of the other.
_MARKDOWN = str.maketrans(
    {
        "\\": "＼",
        "*": "＊",
        "_": "＿",
        "[": "［",
        "]": "］",
        "(": "（",
        ")": "）",
        "#": "＃",
        ">": "＞",
        "<": "＜",
        "`": "｀",
        "&": "＆",
        "~": "～",
        "|": "｜",
        "!": "！",
        "@": "＠",
    }
)
# A line that starts a list, a rule or a heading underline.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+\.)", re.MULTILINE)
_FULL_WIDTH_START = str.maketrans({"-": "－", "+": "＋", "=": "＝", ".": "．"})
_AUTOLINK = re.compile(r"(://|www\.)", re.IGNORECASE)
# Control characters (a stray carriage return, a bidirectional override) shown as a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def no_autolink(text: str) -> str:
    """``text`` with bare addresses broken, so that no chat app links them."""
    return _AUTOLINK.sub(lambda m: "：//" if m.group(1) == "://" else m.group(1)[:3] + "．", text)


def plain(text: str) -> str:
    """``text`` for plain text a chat app shows as typed (a Feishu "text" element, DingTalk's
    preview title): no control character, no bare address."""
    return no_autolink(_CONTROL.sub(" ", text))


def _line_starts(text: str) -> str:
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2).translate(_FULL_WIDTH_START), text)


def wecom(text: str) -> str:
    """``text`` for WeCom's markdown: shown as typed, never as markup."""
    return _line_starts(plain(text).translate(_MARKDOWN))


def dingtalk(text: str) -> str:
    """``text`` for DingTalk's markdown: shown as typed, never as markup."""
    return _line_starts(plain(text).translate(_MARKDOWN))


def link_target(url: str) -> str:
    """Our own link's address, safe inside markdown's (…): no space or parenthesis."""
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group(0)):02X}", url)

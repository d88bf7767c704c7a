"""Chinese numerals as plans write them: 一, 十一, 二十一, 一百零五, 两千, 一万五; years digit by
digit (二〇二五年); and the enclosed numbers of labels (① ⑴ ⒈ ㈠).

Reading is strict: what is not a well-formed numeral ("十十", "二二", "百千") is None, never a
guess, so that a label or a date written wrongly is left as it was written."""

from __future__ import annotations

# The digits as a number is written; 〇 (in years) and 两 (两千, 两期) are read as well.
DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {char: value for value, char in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# Above 千 numbers count in groups of four digits: 一千二百万 is 1200 × 万.
_GROUPS = (("亿", 10**8), ("万", 10**4))
_LIMIT = 10**12  # 一万亿 and above are not written in plans

# For patterns of other modules: every character of a numeral, and those of a year.
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
YEAR_DIGIT_CHARS = "〇零一二三四五六七八九"
YEAR_DIGITS = "〇一二三四五六七八九"  # a year is written with 〇: 二〇二六年


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 110 → 一百一十, 10001 → 一万零一.
    Whole numbers from zero up to (not including) a trillion; others raise ValueError."""
    if not 0 <= number < _LIMIT:
        raise ValueError(f"{number} cannot be written as a Chinese numeral")
    if number == 0:
        return DIGITS[0]
    text, gap = "", False
    for unit, size in (*_GROUPS, ("", 1)):
        group, number = divmod(number, size)
        if not group:
            gap = gap or bool(text)  # a whole group left out: 一亿零五
            continue
        if text and (gap or group < 1000):
            text += DIGITS[0]
        text += _write_group(group, first=not text) + unit
        gap = False
    return text


def _write_group(number: int, *, first: bool) -> str:
    """A number below 10000 with 千百十; 十 alone opens a number in the tens (十五, not 一十五),
    only at the start of the whole numeral (一百一十)."""
    text, zero = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, size)
        if not digit:
            zero = zero or bool(text)  # written only if a digit follows
            continue
        if zero:
            text += DIGITS[0]
            zero = False
        if not (first and not text and size == 10 and digit == 1):
            text += DIGITS[digit]
        text += unit
    return text


def chinese_to_int(numeral: str) -> int | None:
    """The value of a numeral: 十一 → 11, 一百零五 → 105, 两千 → 2000, 三万零五百 → 30500,
    一百五 → 150 (the unit below the last is understood); None for anything else ("十十",
    "二二", "百千", ""). Years written digit by digit are read by ``digits_to_int``."""
    if not numeral:
        return None
    if numeral in ("零", "〇"):
        return 0
    parts, rest = [], numeral
    for unit, size in _GROUPS:
        if unit in rest:
            head, _unit, rest = rest.partition(unit)
            parts.append((head, size))
    parts.append((rest, 1))
    total = 0
    for index, (text, size) in enumerate(parts):
        if not text:
            if size > 1:  # "万" or "一亿万": a group unit needs a number before it
                return None
            continue
        if index and size == 1 and len(text) == 1 and _DIGIT_VALUES.get(text):
            # 一万五 is 15000: a lone digit after 万 or 亿 counts in the unit below it.
            total += _DIGIT_VALUES[text] * parts[index - 1][1] // 10
            continue
        value = _read_group(text, first=index == 0)
        if value is None or (size > 1 and value == 0):
            return None
        total += value * size
    return total


def _read_group(text: str, *, first: bool) -> int | None:
    """A numeral below 10000 (without 万 or 亿), or None. After 万 or 亿 (``first`` false) it
    may open with 零: 一万零五."""
    value, digit, smallest, zero = 0, None, 10000, False
    for char in text:
        if char in _DIGIT_VALUES:
            if digit is not None:  # two digits in a row: 二二
                return None
            if _DIGIT_VALUES[char] == 0:
                if zero or (first and not value):  # 零零, or a numeral opening with 零
                    return None
                zero = True
            else:
                digit = _DIGIT_VALUES[char]
        elif char in _UNITS:
            size = _UNITS[char]
            if size >= smallest:  # units fall from left to right: 十十, 百千 are no numbers
                return None
            if digit is None:
                if char != "十" or not first or value or zero:  # only 十 may stand alone, first
                    return None
                digit = 1
            value, smallest, digit, zero = value + digit * size, size, None, False
        else:
            return None
    if digit is None:
        return None if zero else value  # 一百零: a 零 must lead to a digit
    if smallest in (100, 1000) and not zero:
        return value + digit * smallest // 10  # 一百五 is 150, 一千二 is 1200
    return value + digit


def digits_to_int(text: str) -> int | None:
    """A number written digit by digit, as years are: 二〇二五 → 2025; None otherwise."""
    if not text or any(char not in YEAR_DIGIT_CHARS for char in text):
        return None
    return int("".join(str(_DIGIT_VALUES[char]) for char in text))


def chinese_digits(number: int) -> str:
    """A number written digit by digit, as years are: 2025 → 二〇二五."""
    return "".join(YEAR_DIGITS[int(digit)] for digit in str(number))


# --- Enclosed numbers: one character each, as Word and WPS number lists ---------------------

CIRCLED = "circled"  # ① … ⑳ ㉑ … ㊿
PARENTHESISED = "parenthesised"  # ⑴ … ⒇
FULL_STOP = "full_stop"  # ⒈ … ⒛
CHINESE_PARENTHESISED = "chinese_parenthesised"  # ㈠ … ㈩


def _run(first: str, count: int) -> str:
    return "".join(chr(ord(first) + offset) for offset in range(count))


ENCLOSED = {
    CIRCLED: _run("①", 20) + _run("㉑", 15) + _run("㊱", 15),
    PARENTHESISED: _run("⑴", 20),
    FULL_STOP: _run("⒈", 20),
    CHINESE_PARENTHESISED: _run("㈠", 10),
}


def enclosed(number: int, style: str) -> str | None:
    """The enclosed character of ``number`` in ``style`` (3, CIRCLED → ③), or None past the
    last one there is."""
    characters = ENCLOSED[style]
    return characters[number - 1] if 1 <= number <= len(characters) else None


def enclosed_value(char: str) -> tuple[str, int] | None:
    """(style, number) of an enclosed number: "⑵" → (PARENTHESISED, 2); None otherwise."""
    for style, characters in ENCLOSED.items():
        position = characters.find(char) if len(char) == 1 else -1
        if position >= 0:
            return style, position + 1
    return None

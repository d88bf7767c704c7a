"""Word's automatic numbering: the label Word draws before a paragraph of a numbered list
("一、", "（一）", "1．", "①"), which is not in the paragraph's text, rendered from
numbering.xml and the styles as Word counts it."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn
from lxml import etree

from plans.wording import numerals

_VAL = qn("w:val")
_P_PR, _NUM_PR, _P_STYLE = qn("w:pPr"), qn("w:numPr"), qn("w:pStyle")
_NUM_ID, _ILVL = qn("w:numId"), qn("w:ilvl")


def child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """element.find(tag) without lxml's path parser, which is slow on big tables (the .docx
    reader's helper too)."""
    if element is None:
        return None
    for child in element.iterchildren(tag):
        return child
    return None


def int_attribute(element: etree._Element | None, default: int) -> int:
    """The integer w:val of ``element``, or ``default``."""
    if element is None:
        return default
    try:
        return int(element.get(_VAL))
    except (TypeError, ValueError):
        return default


_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
# Word's enclosed number formats and the characters they draw.
_ENCLOSED_FORMATS = {
    "decimalEnclosedCircle": numerals.CIRCLED,
    "decimalEnclosedCircleChinese": numerals.CIRCLED,
    "decimalEnclosedParen": numerals.PARENTHESISED,
    "decimalEnclosedFullstop": numerals.FULL_STOP,
}


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"))
_ROMAN += ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


def _format_number(number: int, number_format: str) -> str:
    chinese = number_format.startswith(("chinese", "japanese", "ideographLegal", "taiwanese"))
    if chinese and 0 < number < 10**12:
        return numerals.chinese_numeral(number)
    if number_format == "ideographDigital" and number >= 0:
        return numerals.chinese_digits(number)
    if number_format in ("ideographTraditional", "ideographZodiac") and 1 <= number <= 10:
        return _TIANGAN[number - 1]
    if number_format in _ENCLOSED_FORMATS and 1 <= number <= 20:
        return numerals.enclosed(number, _ENCLOSED_FORMATS[number_format])
    if number_format == "decimalZero":
        return f"{number:02d}"
    if number_format in ("upperLetter", "lowerLetter") and number >= 1:
        letter = chr(ord("A") + (number - 1) % 26)
        return letter if number_format == "upperLetter" else letter.lower()
    # Roman numerals stop at 3999; a list starting at 10¹⁵ would spell out 10¹² M's.
    if number_format in ("upperRoman", "lowerRoman") and 1 <= number <= 3999:
        roman = _roman(number)
        return roman if number_format == "upperRoman" else roman.lower()
    return str(number)


class ListNumbering:
    """Renders the label Word draws before a paragraph of a numbered list ("一、", "（一）",
    "1.") from numbering.xml, counting as Word does: per list definition (a list linked to a
    list style counts as the style's list), deeper levels restarting when a shallower one
    advances."""

    def __init__(self, word: docx.document.Document) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._instances: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_numbering: dict[str, tuple[str | None, int | None, str | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        # A list defined through a list style: its abstractNum names the style (numStyleLink)
        # and holds no levels; the style's own list does, and the two count as one.
        self._linked: dict[str, str] = {}
        links: dict[str, str] = {}
        try:
            numbering = word.part.numbering_part.element
            styles = word.part.styles.element
        except Exception:  # a package without numbering or styles: nothing is numbered
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None and link.get(_VAL):
                links[abstract.get(qn("w:abstractNumId"))] = link.get(_VAL)
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                number_format = level.find(qn("w:numFmt"))
                text = level.find(qn("w:lvlText"))
                levels[_int_value(level.get(qn("w:ilvl")), 0)] = (
                    number_format.get(_VAL, "decimal") if number_format is not None else "decimal",
                    text.get(_VAL, "") if text is not None else "",
                    int_attribute(level.find(qn("w:start")), 1),
                )
            self._levels[abstract.get(qn("w:abstractNumId"))] = levels
        for instance in numbering.findall(qn("w:num")):
            abstract_id = instance.find(qn("w:abstractNumId"))
            overrides = {}
            for override in instance.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[_int_value(override.get(qn("w:ilvl")), 0)] = int_attribute(start, 1)
            if abstract_id is not None:
                self._instances[instance.get(qn("w:numId"))] = (abstract_id.get(_VAL), overrides)
        for style in styles.findall(qn("w:style")):
            properties = style.find(qn("w:pPr"))
            numbering_properties = (
                properties.find(qn("w:numPr")) if properties is not None else None
            )
            based_on = style.find(qn("w:basedOn"))
            number_id = level = None
            if numbering_properties is not None:
                number_id_element = numbering_properties.find(qn("w:numId"))
                number_id = number_id_element.get(_VAL) if number_id_element is not None else None
                level = int_attribute(numbering_properties.find(qn("w:ilvl")), 0)
            self._style_numbering[style.get(qn("w:styleId"))] = (
                number_id,
                level,
                based_on.get(_VAL) if based_on is not None else None,
            )
        for abstract_id, style_id in links.items():
            number_id = self._style_numbering.get(style_id, (None, None, None))[0]
            target = self._instances.get(number_id or "", (None, {}))[0]
            if target is not None and target != abstract_id and target not in links:
                self._linked[abstract_id] = target

    def _style_list(self, style_id: str | None) -> tuple[str | None, int]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._style_numbering:
            seen.add(style_id)
            number_id, level, based_on = self._style_numbering[style_id]
            if number_id is not None:
                return number_id, level or 0
            style_id = based_on
        return None, 0

    def label(self, paragraph: etree._Element) -> str:
        if not self._instances:
            return ""
        properties = child(paragraph, _P_PR)
        if properties is None:
            return ""
        numbering = child(properties, _NUM_PR)
        style = child(properties, _P_STYLE)
        number_id, level = self._style_list(style.get(_VAL) if style is not None else None)
        if numbering is not None:
            number_id_element = child(numbering, _NUM_ID)
            if number_id_element is not None:
                number_id = number_id_element.get(_VAL)
            level = int_attribute(child(numbering, _ILVL), level)
        if number_id is None or number_id not in self._instances:
            return ""
        abstract_id, overrides = self._instances[number_id]
        abstract_id = self._linked.get(abstract_id, abstract_id)
        levels = self._levels.get(abstract_id, {})
        if level not in levels or levels[level][0] in ("bullet", "none"):
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if number_id not in self._started:
            self._started.add(number_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        text = levels[level][1]
        for index in range(9):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                number_format, _text, start = levels.get(index, ("decimal", "", 1))
                value = counters.get(index, start)
                text = text.replace(placeholder, _format_number(value, number_format))
        return text


def _int_value(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default

"""Matching the unit names written in a document to the units of a federation.

Documents write the same unit in several ways: "市教科文卫体工会" for "乐山市教科文卫体工会",
full-width brackets, stray spaces. A name is matched exactly, then by short name, then after
normalising; what does not match is proposed as a new unit, never silently duplicated.
"""

import difflib
import re
import unicodedata

from plans.models import Unit

_SPACES = re.compile(r"\s+")


def normalise(name):
    """Width-folded, space-free form of a unit name for comparison."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


def guess_kind(name):
    """The unit kind a name suggests: 区县总工会, 产业工会, 文化宫, or a federation department."""
    name = normalise(name)
    if re.search(r"(区|县|市|旗|街道|镇|乡)总工会$", name) or "区县" in name:
        return Unit.Kind.DISTRICT
    if re.search(r"(文化宫|俱乐部|报社|学校|学院|中心|协会|艺术团)$", name):
        return Unit.Kind.AFFILIATED
    if name.endswith("工会"):
        return Unit.Kind.INDUSTRY
    if re.search(r"(部|室|办|委|处|科|办公室)$", name):
        return Unit.Kind.DEPARTMENT
    return Unit.Kind.OTHER


class UnitMatcher:
    """Matches names against the units of ``federation`` (the federation itself included)."""

    def __init__(self, federation):
        self.federation = federation
        self.units = [*Unit.objects.filter(federation=federation), federation]
        # "乐山市总工会" → "乐山市": documents often drop the city from unit names.
        self.city = normalise(federation.name).removesuffix("总工会")
        self._index = {}
        for unit in self.units:
            for key in self._keys(unit.name) + self._keys(unit.short_name):
                self._index.setdefault(key, unit)

    def _keys(self, name):
        if not name:
            return []
        key = normalise(name)
        keys = [key]
        if self.city and key.startswith(self.city) and key != self.city:
            rest = key.removeprefix(self.city)
            # 乐山市教科文卫体工会 is written 教科文卫体工会 or 市教科文卫体工会.
            keys += [rest, self.city[-1] + rest]
        return keys

    def add(self, unit):
        """Match ``unit`` too: a unit about to be created for an earlier name of the plan."""
        self.units.append(unit)
        for key in self._keys(unit.name) + self._keys(unit.short_name):
            self._index.setdefault(key, unit)

    def match(self, name):
        """The unit ``name`` denotes, or None."""
        for key in self._keys(name):
            if key in self._index:
                return self._index[key]
        return None

    def suggest(self, name, limit=3):
        """Units whose names are close to ``name``, best first."""
        names = {unit.name: unit for unit in self.units}
        close = difflib.get_close_matches(name, list(names), n=limit, cutoff=0.5)
        return [names[found] for found in close]

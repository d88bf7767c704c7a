"""Unit names in documents are matched to the federation's units, never silently duplicated."""

from plans.importing.units import UnitMatcher, guess_kind, normalise
from plans.models import Unit
from tests import factories


def _federation():
    federation = factories.FederationFactory(name="乐山市总工会")
    for name, short in [
        ("乐山市教科文卫体工会", "教科文卫体工会"),
        ("组宣部", ""),
        ("市中区总工会", ""),
    ]:
        factories.UnitFactory(name=name, short_name=short, parent=federation)
    return federation


def test_exact_short_and_normalised_matches(db):
    matcher = UnitMatcher(_federation())
    assert matcher.match("组宣部").name == "组宣部"
    assert matcher.match(" 组 宣 部 ").name == "组宣部"
    assert matcher.match("教科文卫体工会").name == "乐山市教科文卫体工会"
    # Documents drop the city: 市教科文卫体工会 is 乐山市教科文卫体工会.
    assert matcher.match("市教科文卫体工会").name == "乐山市教科文卫体工会"
    assert matcher.match("乐山市市中区总工会").name == "市中区总工会"
    assert matcher.match("乐山市总工会").name == "乐山市总工会"
    assert matcher.match("经审办") is None


def test_other_federations_are_not_matched(db):
    matcher = UnitMatcher(_federation())
    other = factories.FederationFactory(name="北京市总工会")
    factories.UnitFactory(name="宣传教育部", parent=other)
    assert matcher.match("宣传教育部") is None


def test_suggestions_for_near_names(db):
    matcher = UnitMatcher(_federation())
    assert [unit.name for unit in matcher.suggest("市中区工会")][:1] == ["市中区总工会"]


def test_full_width_forms_fold():
    assert normalise("ＡＢ　工会") == "AB工会"


def test_kinds_guessed_from_names():
    assert guess_kind("夹江县总工会") == Unit.Kind.DISTRICT
    assert guess_kind("峨眉山市总工会") == Unit.Kind.DISTRICT
    assert guess_kind("市教科文卫体工会") == Unit.Kind.INDUSTRY
    assert guess_kind("乐山市工人文化宫") == Unit.Kind.AFFILIATED
    assert guess_kind("经审办") == Unit.Kind.DEPARTMENT
    assert guess_kind("机关党委") == Unit.Kind.DEPARTMENT

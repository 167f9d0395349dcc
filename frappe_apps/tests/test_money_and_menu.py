from decimal import Decimal

import pytest
from business_workflows.rules.catalog import demo_catalog
from business_workflows.rules.menu import match_menu_item, match_service
from business_workflows.rules.money import spoken, to_money, wire
from business_workflows.rules.text import edit_distance, normalize, spoken_list

CATALOG = demo_catalog()


def test_money_is_exact_and_two_decimal_on_the_wire():
	assert wire(to_money(9.5)) == "9.50"
	assert wire(to_money("1.8") * 3) == "5.40"
	assert wire(sum((to_money(x) for x in (0.1, 0.2)), Decimal(0))) == "0.30"
	assert to_money("2.005") == Decimal("2.01")
	assert spoken(Decimal("22"), "GBP") == "£22.00"
	assert spoken(Decimal("22"), "CHF") == "CHF 22.00"


@pytest.mark.parametrize("bad", ["abc", "NaN", True, [1]])
def test_money_refuses_non_amounts(bad):
	with pytest.raises(ValueError):
		to_money(bad)


def test_catalog_prices_are_exact():
	water = next(item for item in CATALOG.menu if item.item_name == "Sparkling Water")
	assert water.price == Decimal("1.80")
	assert CATALOG.min_order_amount == Decimal("10.00")
	assert CATALOG.business_hours["sunday"] is None


def test_normalize_and_helpers():
	assert normalize("Fish & Chips") == "fish and chips"
	assert normalize("  Coca-Cola!! ") == "coca cola"
	assert spoken_list(["a", "b", "c"]) == "a, b and c"
	assert spoken_list(["a"]) == "a"
	assert edit_distance("pepperoni", "peperoni") == 1


@pytest.mark.parametrize(
	("asked", "expected"),
	[
		("Margherita Pizza", "Margherita Pizza"),
		("margherita pizza", "Margherita Pizza"),
		("marg", "Margherita Pizza"),
		("fish & chips", "Fish and Chips"),
		("Fish n Chips", "Fish and Chips"),
		("coke", "Coca-Cola"),
		("coca cola", "Coca-Cola"),
		("chips", "Fries"),
		("Fries", "Fries"),
		("margherita pizzas", "Margherita Pizza"),
		("cokes", "Coca-Cola"),
		("brownies", "Chocolate Brownie"),
		("peperoni pizza", "Pepperoni Pizza"),
		("tiramisu", "Tiramisu"),
		("tirimisu", "Tiramisu"),
		("oj", "Orange Juice"),
	],
)
def test_menu_matching_by_name_alias_plural_and_slip(asked, expected):
	found = match_menu_item(asked, CATALOG.menu)
	assert found is not None and found.item_name == expected


@pytest.mark.parametrize("asked", ["cheeseburger", "", "ok", "pizza", "sushi platter"])
def test_menu_matching_refuses_unknown_or_ambiguous(asked):
	assert match_menu_item(asked, CATALOG.menu) is None


@pytest.mark.parametrize(
	("asked", "expected"),
	[("consultation", "Consultation"), ("a repair", None), ("fix", "Repair"), ("servicing", "Maintenance")],
)
def test_service_matching(asked, expected):
	found = match_service(asked, CATALOG.services)
	assert (found.service_name if found else None) == expected

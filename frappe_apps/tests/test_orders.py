import datetime as dt
from decimal import Decimal

import pytest
from business_workflows.rules import orders
from business_workflows.rules.catalog import demo_catalog
from voice_agent.rules.validation import ArgumentError

CATALOG = demo_catalog()
NOW = dt.datetime(2026, 11, 20, 12, 0, 0)


def args(**overrides):
	base = {
		"idempotency_key": "call-1:1",
		"session_id": "s-1",
		"customer_name": "Jane Smith",
		"phone": "+447700900123",
		"order_type": "Takeaway",
		"items": [{"item_name": "Margherita Pizza", "quantity": 2}, {"item_name": "coke", "quantity": 1}],
	}
	base.update(overrides)
	return base


def test_order_is_priced_from_the_menu_with_exact_totals():
	clean = orders.clean_order_args(args())
	quote = orders.quote_order(CATALOG, clean["items"], clean["order_type"])
	assert isinstance(quote, orders.Quote)
	assert quote.total == Decimal("21.00")
	result = orders.order_result(CATALOG, "VRO-00001", quote, "Takeaway", NOW)
	assert result["total_amount"] == "21.00"
	assert result["items"][1] == {
		"item_name": "Coca-Cola",
		"quantity": 1,
		"unit_price": "2.00",
		"line_total": "2.00",
		"special_instructions": None,
	}
	assert result["estimated_minutes"] == 12
	assert result["estimated_ready_at"] == "2026-11-20T12:12:00"


def test_delivery_adds_delivery_minutes_to_the_longest_preparation():
	clean = orders.clean_order_args(
		args(
			order_type="delivery",
			delivery_address="12 High Street",
			items=[{"item_name": "Fish and Chips"}, {"item_name": "Margherita Pizza"}],
		)
	)
	assert clean["order_type"] == "Delivery"
	quote = orders.quote_order(CATALOG, clean["items"], "Delivery")
	assert quote.estimated_minutes == 18 + 30


def test_delivery_without_address_names_the_field():
	with pytest.raises(ArgumentError) as err:
		orders.clean_order_args(args(order_type="Delivery"))
	assert err.value.field == "delivery_address"


@pytest.mark.parametrize("quantity", [0, 51, -1, 2.5, "lots", True])
def test_quantity_must_be_1_to_50(quantity):
	with pytest.raises(ArgumentError) as err:
		orders.clean_order_args(args(items=[{"item_name": "Fries", "quantity": quantity}]))
	assert err.value.field == "items[0].quantity"


def test_quantity_accepts_digits_in_strings_and_defaults_to_one():
	clean = orders.clean_order_args(
		args(items=[{"item_name": "Fries", "quantity": "3"}, {"item_name": "Fries"}])
	)
	assert [item["quantity"] for item in clean["items"]] == [3, 1]


@pytest.mark.parametrize(
	("field", "overrides"),
	[
		("idempotency_key", {"idempotency_key": ""}),
		("idempotency_key", {"idempotency_key": "k" * 141}),
		("customer_name", {"customer_name": None}),
		("phone", {"phone": "call me"}),
		("order_type", {"order_type": "Drive-through"}),
		("items", {"items": []}),
		("items", {"items": "not json"}),
		("items[0].item_name", {"items": [{"quantity": 1}]}),
	],
)
def test_bad_arguments_name_the_field(field, overrides):
	with pytest.raises(ArgumentError) as err:
		orders.clean_order_args(args(**overrides))
	assert err.value.field == field
	assert str(err.value).startswith(field + ": ")


def test_items_may_arrive_as_a_json_string():
	clean = orders.clean_order_args(args(items='[{"item_name": "Fries", "quantity": 5}]'))
	assert clean["items"][0]["quantity"] == 5


def test_unknown_and_unavailable_items_are_refused_together():
	catalog = demo_catalog()
	menu = tuple(
		item if item.item_name != "Tiramisu" else type(item)(**{**item.__dict__, "available": False})
		for item in catalog.menu
	)
	catalog = type(catalog)(**{**catalog.__dict__, "menu": menu})
	items = orders.clean_items(
		[{"item_name": "cheeseburger"}, {"item_name": "tiramisu"}, {"item_name": "Fries"}]
	)
	result = orders.quote_order(catalog, items, "Takeaway")
	assert result["status"] == "error"
	assert result["unavailable_items"] == ["cheeseburger", "Tiramisu"]
	assert "cheeseburger" in result["message"] and "Tiramisu is not available" in result["message"]


def test_minimum_order_is_refused_with_the_shortfall():
	items = orders.clean_items([{"item_name": "Fries"}, {"item_name": "Sparkling Water"}])
	result = orders.quote_order(CATALOG, items, "Takeaway")
	assert result["status"] == "error"
	assert result["shortfall"] == "4.70"
	assert "£4.70" in result["message"] and "£10.00" in result["message"]


def test_exactly_the_minimum_is_accepted():
	items = orders.clean_items([{"item_name": "Classic Beef Burger"}])
	assert isinstance(orders.quote_order(CATALOG, items, "Takeaway"), orders.Quote)


ALLOWED = {
	("Pending", "Preparing"),
	("Pending", "Cancelled"),
	("Preparing", "Ready"),
	("Preparing", "Cancelled"),
	("Ready", "Completed"),
	("Ready", "Cancelled"),
}


@pytest.mark.parametrize("current", orders.ORDER_STATUSES)
@pytest.mark.parametrize("wanted", orders.ORDER_STATUSES)
def test_status_flow(current, wanted):
	if (current, wanted) in ALLOWED:
		orders.check_transition("VRO-00001", current, wanted)
	else:
		with pytest.raises(orders.IllegalTransition) as err:
			orders.check_transition("VRO-00001", current, wanted)
		assert current in str(err.value) and wanted in str(err.value)
		assert err.value.field == "status"


def test_status_result_messages():
	ready = dt.datetime(2026, 11, 20, 12, 12)
	result = orders.status_result("VRO-00001", "Preparing", ready)
	assert result == {
		"order_id": "VRO-00001",
		"status": "Preparing",
		"estimated_ready_at": "2026-11-20T12:12:00",
		"message": "Your order VRO-00001 is being prepared and should be ready at about 12:12.",
	}

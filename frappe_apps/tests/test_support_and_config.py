import pytest
from business_workflows.rules import support
from business_workflows.rules.catalog import demo_catalog
from business_workflows.rules.config import config_extras
from voice_agent.rules.config import business_config, clean_business_type
from voice_agent.rules.validation import ArgumentError

CATALOG = demo_catalog()


@pytest.mark.parametrize(
	("priority", "wait"),
	[("Low", "24-48 hours"), ("Medium", "4-8 hours"), ("High", "1-2 hours"), ("Critical", "30 minutes")],
)
def test_response_times_come_from_the_catalog(priority, wait):
	assert support.response_time(CATALOG, priority) == wait


def test_only_high_and_critical_are_assigned():
	assert [p for p in CATALOG.priorities if support.needs_assignment(CATALOG, p)] == ["High", "Critical"]


def test_round_robin_over_staff_on_duty():
	staff = ["ann@example.org", "bob@example.org", "cy@example.org"]
	assert support.pick_assignee(staff, None) == "ann@example.org"
	assert support.pick_assignee(staff, "ann@example.org") == "bob@example.org"
	assert support.pick_assignee(staff, "cy@example.org") == "ann@example.org"
	assert support.pick_assignee(staff, "gone@example.org") == "ann@example.org"
	assert support.pick_assignee([], "ann@example.org") is None


def test_ticket_arguments_default_and_validate():
	clean = support.clean_ticket_args(
		CATALOG, {"idempotency_key": "k", "customer_name": "Jo", "issue_description": "App crashes"}
	)
	assert clean["priority"] == "Medium" and clean["category"] == "General"
	clean = support.clean_ticket_args(
		CATALOG,
		{
			"idempotency_key": "k",
			"customer_name": "Jo",
			"issue_description": "x",
			"priority": "critical",
			"category": "billing",
		},
	)
	assert clean["priority"] == "Critical" and clean["category"] == "Billing"
	for field, value in [("priority", "Urgent"), ("category", "Legal"), ("issue_description", " ")]:
		args = {"idempotency_key": "k", "customer_name": "Jo", "issue_description": "x", field: value}
		with pytest.raises(ArgumentError) as err:
			support.clean_ticket_args(CATALOG, args)
		assert err.value.field == field


def test_ticket_result():
	result = support.ticket_result(CATALOG, "VST-00007", "High", "Technical", "ann@example.org")
	assert result["ticket_reference"] == "TKT-00007"
	assert result["response_time"] == "1-2 hours"
	assert result["assigned_to"] == "ann@example.org"
	assert "within 1-2 hours" in result["message"]


def test_business_config_per_type():
	settings = {"company_name": "Neoron Bistro & Services", "temperature": "0.3", "recording_enabled": 1}
	restaurant = business_config(settings, config_extras(CATALOG, "restaurant"))
	assert restaurant["min_order_amount"] == "10.00" and restaurant["delivery_minutes"] == 30
	assert restaurant["temperature"] == 0.3 and restaurant["recording_enabled"] is True
	appointment = config_extras(CATALOG, "appointment")
	assert appointment["business_hours"]["sunday"] is None
	assert appointment["business_hours"]["saturday"] == ["10:00", "16:00"]
	assert config_extras(CATALOG, "support")["categories"] == ["Technical", "Billing", "Product", "General"]
	assert clean_business_type("Restaurant") == "restaurant"
	assert clean_business_type(None) == "general"
	with pytest.raises(ArgumentError):
		clean_business_type("garage")

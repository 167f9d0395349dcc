import datetime as dt

import pytest
from business_workflows.rules import appointments
from business_workflows.rules.availability import (
	Booking,
	alternatives,
	available_slots,
	slot_grid,
	unavailable_reason,
)
from business_workflows.rules.catalog import demo_catalog
from voice_agent.rules.validation import ArgumentError

CATALOG = demo_catalog()
SERVICES = {service.service_name: service for service in CATALOG.services}
NOW = dt.datetime(2026, 11, 20, 12, 0, 0)  # a Friday
FRIDAY = dt.date(2026, 11, 20)
SATURDAY = dt.date(2026, 11, 21)
SUNDAY = dt.date(2026, 11, 22)
MONDAY = dt.date(2026, 11, 23)


def t(text):
	return dt.time.fromisoformat(text)


def at(day, text):
	return dt.datetime.combine(day, t(text))


def test_grid_ends_by_closing_time():
	installation = SERVICES["Installation"]  # 90 minutes
	grid = slot_grid(CATALOG, installation, MONDAY)
	assert grid[0] == t("09:00") and grid[-1] == t("16:30")
	assert len(grid) == 16
	assert slot_grid(CATALOG, SERVICES["Consultation"], SATURDAY)[-1] == t("15:30")


def test_closed_days_have_no_slots():
	assert slot_grid(CATALOG, SERVICES["Consultation"], SUNDAY) == []
	assert available_slots(CATALOG, SERVICES["Consultation"], SUNDAY, [], NOW) == []


def test_no_slots_in_the_past_or_now():
	slots = available_slots(CATALOG, SERVICES["Consultation"], FRIDAY, [], NOW)
	assert slots[0] == t("12:30")
	assert available_slots(CATALOG, SERVICES["Consultation"], FRIDAY - dt.timedelta(days=1), [], NOW) == []


def test_booking_window_is_inclusive_of_the_last_day():
	last = NOW.date() + dt.timedelta(days=30)  # 2026-12-20, a Sunday
	assert last.weekday() == 6
	saturday = last - dt.timedelta(days=1)
	assert available_slots(CATALOG, SERVICES["Repair"], saturday, [], NOW)
	assert available_slots(CATALOG, SERVICES["Repair"], last + dt.timedelta(days=1), [], NOW) == []


def test_capacity_counts_overlapping_bookings_of_the_service():
	consultation = SERVICES["Consultation"]  # capacity 2, 30 min
	one = [Booking(at(MONDAY, "10:00"), 30)]
	assert t("10:00") in available_slots(CATALOG, consultation, MONDAY, one, NOW)
	two = [*one, Booking(at(MONDAY, "10:00"), 30)]
	slots = available_slots(CATALOG, consultation, MONDAY, two, NOW)
	assert t("10:00") not in slots and t("09:30") in slots and t("10:30") in slots


def test_a_long_booking_blocks_every_overlapping_start():
	repair = SERVICES["Repair"]  # 60 min, capacity 1
	bookings = [Booking(at(MONDAY, "10:00"), 60)]
	slots = available_slots(CATALOG, repair, MONDAY, bookings, NOW)
	assert t("09:00") in slots
	assert t("09:30") not in slots and t("10:00") not in slots and t("10:30") not in slots
	assert t("11:00") in slots


def test_alternatives_same_day_nearest_first_then_following_days():
	repair = SERVICES["Repair"]
	bookings = [Booking(at(MONDAY, "10:00"), 60)]
	found = alternatives(CATALOG, repair, MONDAY, t("10:00"), bookings, NOW)
	assert found == [
		(MONDAY, t("09:00")),
		(MONDAY, t("11:00")),
		(MONDAY, t("11:30")),
		(MONDAY, t("12:00")),
		(MONDAY, t("12:30")),
	]


def test_alternatives_nearest_tie_goes_to_the_earlier_time():
	consultation = SERVICES["Consultation"]
	full = [Booking(at(MONDAY, "10:00"), 30)] * 2
	found = alternatives(CATALOG, consultation, MONDAY, t("10:00"), full, NOW, limit=3)
	assert found == [(MONDAY, t("09:30")), (MONDAY, t("10:30")), (MONDAY, t("09:00"))]


def test_alternatives_for_a_closed_day_start_on_the_next_open_day():
	found = alternatives(CATALOG, SERVICES["Repair"], SUNDAY, t("10:00"), [], NOW)
	assert found[0] == (MONDAY, t("09:00"))
	assert len(found) == 5 and all(day == MONDAY for day, _ in found)


def test_alternatives_spill_into_the_next_day_when_the_day_is_nearly_full():
	installation = SERVICES["Installation"]
	late_friday = dt.datetime(2026, 11, 20, 16, 0)
	found = alternatives(CATALOG, installation, FRIDAY, t("16:00"), [], late_friday)
	assert found[0] == (FRIDAY, t("16:30"))
	assert found[1] == (SATURDAY, t("10:00"))
	assert len(found) == 5


@pytest.mark.parametrize(
	("day", "wanted", "reason"),
	[
		(SUNDAY, "10:00", "closed"),
		(MONDAY, "08:00", "outside_hours"),
		(MONDAY, "17:30", "ends_after_closing"),
		(MONDAY, "10:15", "off_grid"),
		(FRIDAY, "11:00", "past"),
		(MONDAY, "10:00", "full"),
	],
)
def test_unavailable_reasons(day, wanted, reason):
	bookings = [Booking(at(MONDAY, "10:00"), 60)]
	assert unavailable_reason(CATALOG, SERVICES["Repair"], day, t(wanted), bookings, NOW) == reason


def test_booking_success_result():
	service = appointments.decide_booking(CATALOG, "consult", MONDAY, t("15:00"), [], NOW)
	assert service == SERVICES["Consultation"]
	result = appointments.booking_result("VAP-00001", service, MONDAY, t("15:00"), "GBP")
	assert result["estimated_cost"] == "40.00"
	assert result["duration_minutes"] == 30
	assert result["appointment_time"] == "15:00"
	assert "Monday 23 November at 15:00" in result["message"]


def test_booking_taken_slot_is_partial_with_alternatives():
	bookings = [Booking(at(MONDAY, "10:00"), 60)]
	result = appointments.decide_booking(CATALOG, "Repair", MONDAY, t("10:00"), bookings, NOW)
	assert result["status"] == "partial"
	assert result["alternative_slots"][0] == {"date": "2026-11-23", "time": "09:00"}
	assert len(result["alternative_slots"]) == 5
	assert "already taken" in result["message"]


@pytest.mark.parametrize(
	("service", "day", "needle"),
	[
		("Haircut", MONDAY, "we don't offer Haircut"),
		("Repair", FRIDAY - dt.timedelta(days=1), "has already passed"),
		("Repair", FRIDAY + dt.timedelta(days=31), "up to 30 days ahead"),
	],
)
def test_booking_errors(service, day, needle):
	result = appointments.decide_booking(CATALOG, service, day, t("10:00"), [], NOW)
	assert result["status"] == "error" and needle in result["message"]


def test_booking_with_no_free_slot_in_the_window_is_an_error():
	bookings = []
	day = NOW.date()
	while day <= NOW.date() + dt.timedelta(days=30):
		bookings.append(Booking(at(day, "00:00"), 24 * 60))
		day += dt.timedelta(days=1)
	result = appointments.decide_booking(CATALOG, "Repair", MONDAY, t("10:00"), bookings, NOW)
	assert result["status"] == "error"
	assert "no free Repair times" in result["message"]


def test_availability_arguments():
	service, day = appointments.clean_availability_args(
		CATALOG, {"service_type": "repairs", "date": "2026-11-23"}
	)
	assert service.service_name == "Repair" and day == MONDAY
	with pytest.raises(ArgumentError) as err:
		appointments.clean_availability_args(CATALOG, {"service_type": "Haircut", "date": "2026-11-23"})
	assert err.value.field == "service_type"
	with pytest.raises(ArgumentError) as err:
		appointments.clean_availability_args(CATALOG, {"service_type": "Repair", "date": "23/11/2026"})
	assert err.value.field == "date"


@pytest.mark.parametrize(
	("field", "value"),
	[
		("appointment_time", "3pm"),
		("appointment_time", "24:00"),
		("appointment_date", "2026-02-30"),
		("email", "not-an-email"),
		("customer_name", ""),
	],
)
def test_booking_arguments_name_the_field(field, value):
	base = {
		"idempotency_key": "k",
		"customer_name": "Jane",
		"phone": "+447700900123",
		"service_type": "Repair",
		"appointment_date": "2026-11-23",
		"appointment_time": "10:00",
	}
	base[field] = value
	with pytest.raises(ArgumentError) as err:
		appointments.clean_booking_args(base)
	assert err.value.field == field

"""Appointment availability: business hours, the slot grid, capacity and alternatives.

- A day is open when the catalog gives it hours; closed days have no slots.
- Start times lie on a grid of `slot_minutes` from opening time, and the service
  must end by closing time (a 90-minute service at 17:00 does not fit an 18:00 close).
- A service has a capacity: a start is free while fewer than `capacity` bookings of
  the same service overlap `[start, start + duration)`.
- Nothing in the past (a start must be later than now) and nothing after
  today + `booking_advance_days`.
- Alternatives: free starts on the same day nearest to the asked time first (the
  earlier wins a tie), then the following open days earliest first; at most 5.
"""

import datetime as dt
from dataclasses import dataclass

from business_workflows.rules.catalog import Catalog, Service

MAX_ALTERNATIVES = 5


@dataclass(frozen=True)
class Booking:
	"""An existing, not cancelled booking of one service."""

	start: dt.datetime
	duration_minutes: int

	@property
	def end(self) -> dt.datetime:
		return self.start + dt.timedelta(minutes=self.duration_minutes)


def in_booking_window(catalog: Catalog, day: dt.date, now: dt.datetime) -> bool:
	return now.date() <= day <= now.date() + dt.timedelta(days=catalog.booking_advance_days)


def slot_grid(catalog: Catalog, service: Service, day: dt.date) -> list[dt.time]:
	"""Every start time on the grid where the service ends by closing time."""
	hours = catalog.hours_on(day)
	if hours is None:
		return []
	opening = dt.datetime.combine(day, hours[0])
	closing = dt.datetime.combine(day, hours[1])
	step = dt.timedelta(minutes=catalog.slot_minutes)
	length = dt.timedelta(minutes=service.duration_minutes)
	starts = []
	start = opening
	while start + length <= closing:
		starts.append(start.time())
		start += step
	return starts


def overlapping(bookings: list[Booking], start: dt.datetime, end: dt.datetime) -> int:
	return sum(1 for booking in bookings if booking.start < end and start < booking.end)


def available_slots(
	catalog: Catalog, service: Service, day: dt.date, bookings: list[Booking], now: dt.datetime
) -> list[dt.time]:
	if not in_booking_window(catalog, day, now):
		return []
	length = dt.timedelta(minutes=service.duration_minutes)
	free = []
	for start_time in slot_grid(catalog, service, day):
		start = dt.datetime.combine(day, start_time)
		if start <= now:
			continue
		if overlapping(bookings, start, start + length) < service.capacity:
			free.append(start_time)
	return free


def alternatives(
	catalog: Catalog,
	service: Service,
	day: dt.date,
	wanted: dt.time,
	bookings: list[Booking],
	now: dt.datetime,
	limit: int = MAX_ALTERNATIVES,
) -> list[tuple[dt.date, dt.time]]:
	asked = _minutes(wanted)
	same_day = [slot for slot in available_slots(catalog, service, day, bookings, now) if slot != wanted]
	same_day.sort(key=lambda slot: (abs(_minutes(slot) - asked), _minutes(slot)))
	found = [(day, slot) for slot in same_day[:limit]]
	last_day = now.date() + dt.timedelta(days=catalog.booking_advance_days)
	next_day = max(day, now.date()) + dt.timedelta(days=1)
	while len(found) < limit and next_day <= last_day:
		for slot in available_slots(catalog, service, next_day, bookings, now):
			found.append((next_day, slot))
			if len(found) == limit:
				break
		next_day += dt.timedelta(days=1)
	return found


def unavailable_reason(
	catalog: Catalog,
	service: Service,
	day: dt.date,
	wanted: dt.time,
	bookings: list[Booking],
	now: dt.datetime,
) -> str:
	"""Why the asked start is not free: closed, outside hours, too late, off grid, past or full."""
	hours = catalog.hours_on(day)
	if hours is None:
		return "closed"
	start = dt.datetime.combine(day, wanted)
	if wanted < hours[0] or wanted >= hours[1]:
		return "outside_hours"
	if start + dt.timedelta(minutes=service.duration_minutes) > dt.datetime.combine(day, hours[1]):
		return "ends_after_closing"
	if wanted not in slot_grid(catalog, service, day):
		return "off_grid"
	if start <= now:
		return "past"
	return "full"


def _minutes(value: dt.time) -> int:
	return value.hour * 60 + value.minute

"""Matching what the caller asked for against the menu (and services against the catalog).

Order of tries, first hit wins:
1. the normalised name or an alias, exactly ("fish & chips" = "Fish and Chips");
2. the same with a plural last word made singular ("margherita pizzas", "cokes");
3. a spelling slip: edit distance at most 1 for names of 4-7 characters and at
   most 2 from 8 characters, to exactly one item (ties between items match nothing).
Shorter names must match exactly, so "oj" never becomes "ok".
"""

from collections.abc import Iterable
from typing import TypeVar

from business_workflows.rules.catalog import MenuItem, Service
from business_workflows.rules.text import edit_distance, normalize

T = TypeVar("T", MenuItem, Service)


def match_menu_item(asked: str, menu: Iterable[MenuItem]) -> MenuItem | None:
	return _match(asked, [(item, item.item_name, item.aliases) for item in menu])


def match_service(asked: str, services: Iterable[Service]) -> Service | None:
	return _match(asked, [(service, service.service_name, service.aliases) for service in services])


def allowed_slips(length: int) -> int:
	if length >= 8:
		return 2
	if length >= 4:
		return 1
	return 0


def _match(asked: str, entries: list[tuple[T, str, tuple[str, ...]]]) -> T | None:
	wanted = normalize(asked or "")
	if not wanted:
		return None
	keys: dict[str, T] = {}
	# Canonical names are indexed after aliases so that a name always beats another item's alias.
	for entry, _name, aliases in entries:
		for alias in aliases:
			keys.setdefault(normalize(alias), entry)
	for entry, name, _aliases in entries:
		keys[normalize(name)] = entry
	for candidate in (wanted, *_singulars(wanted)):
		if candidate in keys:
			return keys[candidate]
	return _closest(wanted, keys)


def _singulars(phrase: str) -> list[str]:
	"""Singular guesses for a plural last word: "pizzas" → "pizza", "brownies" → "brownie" or "browny"."""
	head, _, last = phrase.rpartition(" ")
	prefix = head + " " if head else ""
	guesses = []
	if len(last) > 2 and last.endswith("s") and not last.endswith("ss"):
		guesses.append(last[:-1])
	if len(last) > 3 and last.endswith("es"):
		guesses.append(last[:-2])
	if len(last) > 3 and last.endswith("ies"):
		guesses.append(last[:-3] + "y")
	return [prefix + guess for guess in guesses]


def _closest(wanted: str, keys: dict[str, T]) -> T | None:
	best_distance = None
	best: list[T] = []
	for key, entry in keys.items():
		limit = allowed_slips(min(len(key), len(wanted)))
		if limit == 0 or abs(len(key) - len(wanted)) > limit:
			continue
		distance = edit_distance(wanted, key)
		if distance > limit:
			continue
		if best_distance is None or distance < best_distance:
			best_distance, best = distance, [entry]
		elif distance == best_distance and entry not in best:
			best.append(entry)
	return best[0] if len(best) == 1 else None

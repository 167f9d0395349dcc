"""Whitelisted methods of the contract (docs: shared/ref/erpnext-api.md)."""

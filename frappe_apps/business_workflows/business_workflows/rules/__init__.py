"""Pure business rules of the business_workflows app.

No module here imports frappe. They take a `Catalog` (built from catalog.json in
tests, or from the site's DocTypes by `business_workflows.setup.catalog`) plus
plain values, and return the exact result dictionaries of the contract. The same
rules are implemented by the session manager's embedded store; the shared
fixtures in `frappe_apps/contract_fixtures` keep the two in step.
"""

"""Pure rules of the voice_agent app.

Nothing in this package imports frappe: the modules here are plain Python so that
they can be tested with pytest on a machine without a bench, and so that the
business_workflows app can reuse them. The Frappe layer (api/, doctype controllers)
reads the database, calls these functions and writes the results.
"""

"""Exports produced by the worker past a size: the ledger and the dashboard workbooks."""

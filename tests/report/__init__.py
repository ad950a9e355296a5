"""Tests of the report bundle: HTML in a real browser, CSV, JSON, GraphML, manifest, verify."""

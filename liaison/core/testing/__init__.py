"""Shared test cast and helpers, used by every app's tests (loaded from conftest.py)."""

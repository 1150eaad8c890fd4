"""Liaison: cross-border drug-control cooperation platform."""

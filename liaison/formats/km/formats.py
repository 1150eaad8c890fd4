"""Formats for km: the common ones, with its own number separators."""

from liaison.formats.common import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","

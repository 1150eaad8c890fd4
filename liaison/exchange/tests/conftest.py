"""Fixtures for exchange tests: private storage in a temporary folder, more users."""

from __future__ import annotations

import pytest

from liaison.agencies.models import Role
from liaison.core.testing.factories import UserFactory


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def la_supervisor(cast):
    return UserFactory(
        username="la_supervisor", agency=cast.sekong, roles=[Role.SUPERVISOR], language="lo"
    )


@pytest.fixture
def lamam_officer(cast):
    return UserFactory(
        username="lamam_officer", agency=cast.lamam, roles=[Role.OFFICER], language="lo"
    )

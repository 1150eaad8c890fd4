"""Who may read, write and set a commitment's status by hand."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from liaison.agencies.models import Role
from liaison.cooperation import policy
from liaison.core.testing.factories import UserFactory


def test_read_parties_chain_of_command_and_units_below(cast):
    p = cast.partnership
    readers = [
        cast.vn_officer,  # a party
        cast.la_officer,  # the other party
        cast.vn_district_officer,  # a unit below a party
        cast.vn_auditor,  # the ministry above a party
        cast.la_auditor,
        cast.platform_admin,
    ]
    assert all(policy.can_read(u, p) for u in readers)
    assert not policy.can_read(cast.outsider, p)
    assert not policy.can_read(None, p)


def test_write_needs_a_writer_role_at_a_party_or_above(cast):
    p = cast.partnership
    for user in [cast.vn_officer, cast.vn_supervisor, cast.vn_admin, cast.la_officer]:
        assert policy.can_write(user, p), user
    c04_officer = UserFactory(agency=cast.c04, roles=[Role.OFFICER])
    assert policy.can_write(c04_officer, p)  # above a party
    assert policy.can_write(cast.platform_admin, p)
    for user in [cast.vn_auditor, cast.la_auditor, cast.outsider, cast.vn_district_officer]:
        assert not policy.can_write(user, p), user
    analyst = UserFactory(agency=cast.quang_nam, roles=[Role.ANALYST])
    assert not policy.can_write(analyst, p)
    with pytest.raises(PermissionDenied):
        policy.require_write(cast.vn_auditor, p)
    policy.require_write(cast.vn_officer, p)


def test_override_is_for_supervisors_of_a_party_or_above(cast):
    p = cast.partnership
    assert policy.can_override(cast.vn_supervisor, p)
    assert policy.can_override(cast.platform_admin, p)
    for user in [cast.vn_officer, cast.la_officer, cast.vn_admin, cast.vn_auditor, cast.outsider]:
        assert not policy.can_override(user, p), user
    district_supervisor = UserFactory(agency=cast.nam_giang, roles=[Role.SUPERVISOR])
    assert not policy.can_override(district_supervisor, p)
    with pytest.raises(PermissionDenied):
        policy.require_override(cast.vn_officer, p)
    policy.require_override(cast.vn_supervisor, p)

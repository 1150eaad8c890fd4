"""`liaison demo`: idempotent, audited, all-or-nothing, and its logins work."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from liaison.agencies import services
from liaison.agencies.demo import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    display_width,
    logins_markdown,
    logins_table,
)
from liaison.agencies.models import (
    Agency,
    Area,
    Country,
    HotlineContact,
    Partnership,
    User,
    UserRole,
)
from liaison.agencies.reference import all_areas
from liaison.agencies.reference.institutions import AGENCIES, CONTACTS, PARTNERSHIPS, USERS
from liaison.core.audit.verify import verify_trail
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import AgencyFactory, CountryFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = (Country, Area, Agency, HotlineContact, Partnership, User, UserRole, AuditEvent)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def user(username: str) -> User:
    return User.objects.get(username=username)


def test_demo_loads_the_seed_institutions():
    run_demo()
    loaded = counts()
    del loaded["AuditEvent"]
    assert loaded == {
        "Country": 3,
        "Area": len(all_areas()),
        "Agency": len(AGENCIES),
        "HotlineContact": len(CONTACTS),
        "Partnership": len(PARTNERSHIPS),
        "User": len(USERS),
        "UserRole": len(USERS) - 1,  # the platform administrator has no agency role
    }
    quang_nam = Agency.objects.get(code="vn-qnam-police")
    assert quang_nam.area.code == "VN-27"
    assert quang_nam.parent.short_name == "C04"
    assert [a.name for a in Agency.objects.get(code="la-lamam-police").ancestors()] == [
        "ກະຊວງປ້ອງກັນຄວາມສະຫງົບ",
        "ກົມຕຳຫຼວດສະກັດກັ້ນຢາເສບຕິດ",
        "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງເຊກອງ",
    ]
    assert set(quang_nam.children.values_list("name", flat=True)) == {
        "Công an huyện Nam Giang",
        "Công an huyện Tây Giang",
    }
    parties = {
        p.code: sorted(p.parties.values_list("code", flat=True)) for p in Partnership.objects.all()
    }
    assert parties["qnam-sekong"] == ["la-sekong-police", "vn-qnam-police"]
    assert parties["vn-la-mps"] == ["la-mps", "vn-mps"]
    assert parties["vn-kh-trilateral"] == ["kh-add", "vn-bdbp-drug", "vn-c04"]
    # every agency has a hotline, and every number is marked as demo data
    assert set(HotlineContact.objects.values_list("agency__code", flat=True)) == {
        a.code for a in AGENCIES
    }
    for contact in HotlineContact.objects.filter(channel="phone"):
        assert " 000 000 " in contact.value
        assert "demo" in contact.label or "ສາທິດ" in contact.label or "សាកល្បង" in contact.label


def test_running_twice_changes_nothing():
    run_demo()
    before = counts()
    agencies_updated = list(Agency.objects.order_by("pk").values_list("updated_at", flat=True))

    output = run_demo()

    assert counts() == before  # no duplicates and not one extra audit event
    assert "Demo data: nothing to change." in output
    assert (
        list(Agency.objects.order_by("pk").values_list("updated_at", flat=True)) == agencies_updated
    )


def test_a_second_run_only_reads(django_assert_max_num_queries):
    run_demo()
    # agencies, partnerships, users, 5 reads for the demo cases and ledger, then one
    # read per kind of registry record (persons, places, relationships, case links)
    with django_assert_max_num_queries(36):
        run_demo("--no-logins")


def test_every_demo_record_was_written_with_an_audit_event():
    run_demo()

    def audited(label: str) -> set[str]:
        return set(
            AuditEvent.objects.filter(object_type=label, action="create").values_list(
                "object_id", flat=True
            )
        )

    for model in (Area, Agency, HotlineContact, Partnership, User):
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        assert ids <= audited(model._meta.label_lower), model.__name__
    # all but the bootstrap writes have the platform administrator as actor
    admin = user("platform.admin")
    by_service = AuditEvent.objects.exclude(verb__in=["reference_load", "demo_load"])
    assert set(by_service.values_list("actor_id", flat=True)) <= {admin.pk, None}
    assert by_service.filter(actor=admin).count() > 50
    assert verify_trail()[1] == []


def test_every_printed_login_works_with_the_printed_password():
    output = run_demo()
    assert f"Password for every demo login: {DEMO_PASSWORD}" in output
    for login in DEMO_LOGINS:
        assert login.username in output
        account = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert account is not None, login.username
        assert account.language == login.language
        assert account.agency.name == login.agency


def test_one_user_per_role_in_viet_nam_and_laos_with_sensible_languages():
    run_demo()
    for country in ("VN", "LA"):
        roles = set(
            UserRole.objects.filter(user__agency__country=country).values_list("role", flat=True)
        )
        assert roles == {
            "officer",
            "liaison_officer",
            "supervisor",
            "analyst",
            "agency_admin",
            "auditor",
        }
    assert set(User.objects.filter(agency__country="LA").values_list("language", flat=True)) == {
        "lo"
    }
    assert set(User.objects.filter(agency__country="KH").values_list("language", flat=True)) == {
        "km"
    }
    assert user("add.officer").has_role("officer")
    assert user("platform.admin").is_superuser


def test_demo_scopes_follow_the_partnerships():
    run_demo()

    def visible(username: str) -> set[str]:
        return set(Agency.objects.visible_to(user(username)).values_list("code", flat=True))

    assert "la-sekong-police" in visible("qnam.officer")
    assert "vn-qnam-police" in visible("sekong.liaison")
    assert "kh-blo-bavet" in visible("mocbai.liaison")
    cambodian = visible("add.officer")
    assert {"vn-c04", "vn-bdbp-drug", "vn-blo-mocbai"} <= cambodian  # trilateral partners
    assert not {"vn-mps", "vn-mod", "la-mps", "la-sekong-police"} & cambodian
    assert not {code for code in visible("sekong.officer") if code.startswith("kh-")}


def test_demo_repairs_what_was_changed_through_the_services():
    run_demo()
    admin = user("platform.admin")
    sekong = Agency.objects.get(code="la-sekong-police")
    services.agency_update(actor=admin, agency=sekong, name="Sekong (renamed)")
    services.user_update(actor=admin, user=user("qnam.officer"), roles=["analyst"], language="en")
    partnership = Partnership.objects.get(code="qnam-sekong")
    services.partnership_update(actor=admin, partnership=partnership, active=False)
    events = AuditEvent.objects.count()

    run_demo()

    sekong.refresh_from_db()
    assert sekong.name == "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງເຊກອງ"
    officer = user("qnam.officer")
    assert officer.role_set == {"officer"}
    assert officer.language == "vi"
    assert Partnership.objects.get(code="qnam-sekong").active
    assert AuditEvent.objects.count() == events + 3
    assert set(AuditEvent.objects.filter(seq__gt=events).values_list("verb", flat=True)) == {
        "agency_update",
        "user_update",
        "partnership_update",
    }


def test_changed_passwords_are_kept_unless_asked_to_reset():
    run_demo()
    officer = user("sekong.officer")
    services.user_set_password(
        actor=officer, user=officer, old_password=DEMO_PASSWORD, new_password="ວຽງຈັນ-2025-xyz"
    )

    run_demo()
    assert authenticate(username="sekong.officer", password=DEMO_PASSWORD) is None

    run_demo("--reset-passwords")
    assert authenticate(username="sekong.officer", password=DEMO_PASSWORD) is not None
    assert (
        AuditEvent.objects.filter(verb="user_set_password", object_id=str(officer.pk)).count() == 2
    )


def test_a_conflicting_account_stops_the_demo_with_nothing_written():
    vn = CountryFactory(code="VN")
    UserFactory(username="platform.admin", agency=AgencyFactory(country=vn))
    before = counts()

    with pytest.raises(CommandError, match=r"platform\.admin"):
        run_demo()

    assert counts() == before


def test_logins_table_is_aligned_in_lao_and_khmer():
    table = logins_table()
    lines = table.splitlines()
    assert lines[0].split() == ["username", "role", "agency", "language"]
    rows = lines[2 : 2 + len(DEMO_LOGINS)]
    language_column = {display_width(line) - len(line.split()[-1]) for line in [lines[0], *rows]}
    assert len(language_column) == 1
    assert len("ສົມພອນ") == 6
    assert display_width("ສົມພອນ") == 5  # the vowel sign above ສ takes no column
    assert lines[-1] == f"Password for every demo login: {DEMO_PASSWORD}"
    assert "| `sekong.liaison` | liaison officer |" in logins_markdown()


def test_demo_has_case_522h_with_its_two_phases_and_a_ledger():
    from liaison.cases.models import JointCase
    from liaison.seizures.models import Incident

    run_demo("--no-logins")

    case = JointCase.objects.get(code="522H")
    assert case.status == "expanded"
    assert case.lead_agency.code == "vn-c04"
    incidents = list(case.incidents.order_by("occurred_on"))
    assert [(i.seized_kg, i.arrested_count) for i in incidents] == [(110, 2), (100, 2)]
    expansion = list(incidents[1].arrests.select_related("person").order_by("id"))
    assert {a.nationality for a in expansion} == {"LA"} and sum(a.count for a in expansion) == 2
    # one of the two is the registry demo's (fictional) wanted supplier, named in Lao script
    assert [a.person.ref for a in expansion if a.person] == ["DEMO-LA-0031"]
    assert JointCase.objects.count() == 6
    assert Incident.objects.count() > 300
    # every generated incident sits in a province that existed on its date
    for incident in Incident.objects.select_related("province"):
        province = incident.province
        assert province.valid_to is None or incident.occurred_on <= province.valid_to

"""The `liaison` console script: argument mapping, exit codes and output.

Tests that go through `main()` use `transactional_db`: a management command run from the
command line closes the database connections when it ends, which would break the
transaction a plain `db` test runs in on PostgreSQL.
"""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from liaison.agencies import services
from liaison.agencies.models import Agency, HotlineContact
from liaison.cli import main, management_argv
from liaison.core.audit.services import Action, audit_record
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import AgencyFactory


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["serve"], ["serve", "--host", "127.0.0.1", "--port", "8000"]),
        (
            ["serve", "--host", "0.0.0.0", "--port", "9000", "--reload"],
            ["serve", "--host", "0.0.0.0", "--port", "9000", "--reload"],
        ),
        (["worker"], ["db_worker"]),
        (["worker", "--batch"], ["db_worker", "--batch"]),
        (["migrate"], ["migrate"]),
        (["demo"], ["demo"]),
        (["audit", "verify"], ["audit_verify"]),
        (["agencies", "list"], ["agencies_list", "--format", "table"]),
        (
            ["agencies", "list", "--country", "VN", "--format", "json", "--user", "ann"],
            ["agencies_list", "--format", "json", "--country", "VN", "--user", "ann"],
        ),
        (["token", "create", "qnam.officer"], ["token_create", "qnam.officer"]),
        (["manage", "showmigrations", "--plan"], ["showmigrations", "--plan"]),
        (["manage", "check", "--help"], ["check", "--help"]),
    ],
)
def test_subcommands_map_to_management_commands(argv, expected):
    assert management_argv(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["audit"],
        ["audit", "verify", "--now"],
        ["agencies", "list", "--format", "csv"],
        ["token", "create"],
        ["manage"],
        ["frobnicate"],
    ],
)
def test_bad_usage_exits_with_argparse_error(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        management_argv(argv)
    assert exit_.value.code == 2
    assert "usage: liaison" in capsys.readouterr().err


def _write_events(cast, n: int) -> None:
    for i in range(n):
        audit_record(
            actor=cast.vn_officer,
            action=Action.UPDATE,
            object_type="test",
            object_id=i,
            changes={"name": ["before", f"after {i}"]},
        )


def test_audit_verify_good_trail_exits_0(cast, transactional_db, capsys):
    _write_events(cast, 3)
    services.contact_add(
        actor=cast.platform_admin, agency=cast.sekong, channel="phone", value="+856 000 000 001"
    )
    total = AuditEvent.objects.count()
    assert total == 4

    assert main(["audit", "verify"]) == 0

    out = capsys.readouterr().out
    assert out.strip() == f"OK: {total} events verified"


def test_audit_verify_tampered_row_exits_1_and_names_it(cast, transactional_db, capsys):
    _write_events(cast, 5)
    target = AuditEvent.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET changes = %s WHERE id = %s",
            ['{"name": ["before", "forged"]}', target.pk],
        )

    assert main(["audit", "verify"]) == 1

    captured = capsys.readouterr()
    first_line = captured.err.splitlines()[0]
    assert first_line == f"Row {target.seq} tampered: content does not match its hash"
    assert "OK" not in captured.out


def test_audit_verify_deleted_row_exits_1_and_names_it(cast, transactional_db, capsys):
    _write_events(cast, 4)
    target = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [target.pk])

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().err.splitlines()[0].startswith(f"Row {target.seq} missing:")


def test_audit_verify_empty_trail_is_ok(transactional_db, capsys):
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "OK: 0 events verified"


def _agencies_json(capsys, *argv: str) -> list[dict]:
    assert main(["agencies", "list", "--format", "json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_agencies_list_json_is_complete_for_the_operator(cast, transactional_db, capsys):
    HotlineContact.objects.create(
        agency=cast.sekong,
        channel="phone",
        value="+856 000 000 002",
        label="ສາຍດ່ວນ",
        languages="lo, vi",
    )

    rows = _agencies_json(capsys)

    assert sorted(r["code"] for r in rows) == sorted(Agency.objects.values_list("code", flat=True))
    sekong = next(r for r in rows if r["code"] == "la-sekong-police")
    assert sekong["name"] == cast.sekong.name  # original script, not escaped
    assert sekong["country"] == "LA"
    assert sekong["parent"] == "la-drug-dept"
    assert sekong["contacts"] == [
        {
            "channel": "phone",
            "value": "+856 000 000 002",
            "label": "ສາຍດ່ວນ",
            "hours": "",
            "languages": "lo, vi",
        }
    ]
    assert {
        "id",
        "code",
        "name",
        "name_en",
        "short_name",
        "kind",
        "level",
        "country",
        "parent",
        "area",
        "active",
        "contacts",
    } == set(sekong)


def test_agencies_list_json_is_scoped_to_the_user(cast, transactional_db, capsys):
    as_officer = {r["code"] for r in _agencies_json(capsys, "--user", "vn_officer")}
    visible = set(Agency.objects.visible_to(cast.vn_officer).values_list("code", flat=True))
    assert as_officer == visible
    assert {"vn-qnam-police", "la-sekong-police"} <= as_officer
    assert "kh-add" not in as_officer

    as_outsider = {r["code"] for r in _agencies_json(capsys, "--user", "outsider")}
    assert "kh-add" in as_outsider
    assert not as_outsider & {"vn-qnam-police", "la-sekong-police", "vn-mps", "la-mps"}


def test_agencies_list_filters_by_country(cast, transactional_db, capsys):
    rows = _agencies_json(capsys, "--country", "la")
    assert {r["country"] for r in rows} == {"LA"}
    assert len(rows) == Agency.objects.filter(country_id="LA").count() == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--user", "nobody"], "No active user 'nobody'"),
        (["--country", "TH"], "Unknown country code 'TH'"),
    ],
)
def test_agencies_list_bad_input_exits_1(cast, transactional_db, capsys, argv, message):
    assert main(["agencies", "list", *argv]) == 1
    assert message in capsys.readouterr().err


def test_agencies_list_table_aligns_native_script(cast, capsys):
    call_command("agencies_list")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["code", "country", "level", "kind", "name", "name_en"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    sekong_line = next(line for line in lines if line.startswith("la-sekong-police"))
    assert cast.sekong.name in sekong_line
    assert lines[-1] == f"{Agency.objects.count()} agencies"


def test_agencies_list_query_count_does_not_grow_with_agencies(cast, capsys):
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            call_command("agencies_list", "--format", "json")
        capsys.readouterr()
        return len(ctx.captured_queries)

    queries()  # the first run after a change reloads the cached agency tree once
    before = queries()
    for i in range(5):
        AgencyFactory(code=f"la-extra-{i}", country=cast.lamam.country, parent=cast.sekong)
        HotlineContact.objects.create(agency=cast.lamam, channel="phone", value=f"+856 {i}")
    queries()  # the first run after a change reloads the cached agency tree once
    assert queries() == before


def test_agencies_list_is_audited_as_an_export(cast, capsys):
    call_command("agencies_list", "--format", "json", "--user", "vn_officer")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.verb, event.actor_id) == (
        "export",
        "agencies_list",
        cast.vn_officer.pk,
    )
    assert event.changes["rows"] == len(json.loads(capsys.readouterr().out))


def test_serve_runs_django_server_with_static_files(db, monkeypatch, capsys):
    from liaison.core.management.commands import serve

    calls = []
    monkeypatch.setattr(serve, "call_command", lambda *a, **kw: calls.append((a, kw)))
    call_command("serve", "--host", "0.0.0.0", "--port", "8123")

    assert calls == [
        (
            ("runserver", "0.0.0.0:8123"),
            {"use_reloader": False, "insecure_serving": True, "use_ipv6": False},
        )
    ]
    assert "not applied" not in capsys.readouterr().err  # the test database is migrated

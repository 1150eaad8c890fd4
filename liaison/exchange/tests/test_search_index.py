"""Search through the trigram index (SQLite FTS5, PostgreSQL pg_trgm): still folded,
still scoped, and in step with every write. Runs on both databases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.exchange import selectors, services
from liaison.exchange.models import Message
from liaison.exchange.tests.helpers import send
from liaison.exchange.textsearch import fts5_match_expression, indexable

pytestmark = pytest.mark.django_db

SUBJECT = "Xác minh đối tượng Nguyễn Văn Đức"
BODY = "Sinh năm 1985, cư trú tại ແຂວງເຊກອງ, ເມືອງລະມາມ; ស្រុកមេមត់ ខេត្តត្បូងឃ្មុំ."


def inbox_ids(user, q: str) -> list[int]:
    return [part.message_id for part in selectors.inbox(user=user, q=q)]


@pytest.fixture
def message(cast):
    found = send(cast, subject=SUBJECT, body=BODY)
    send(cast, subject="Cảnh báo vận chuyển", body="Không liên quan.")
    return found


@pytest.mark.parametrize(
    "query",
    [
        "Nguyen Van",  # no diacritics finds diacritics
        "nguyễn văn đức",
        "d",  # one letter: LIKE fallback, "d" finds "đ"
        "đu",  # two letters: LIKE fallback
        '"uyen van d"',  # a phrase across words
        "ເຊກອງ",  # Lao, a substring of a longer word
        "ລະມາ",
        "មេមត់",  # Khmer inside a longer run without spaces
        "ត្បូង",
        '"van duc" 1985',  # a phrase and a term together
    ],
)
def test_the_index_finds_folded_lao_and_khmer_substrings(cast, message, query):
    assert inbox_ids(cast.la_officer, query) == [message.pk]
    assert [m.pk for m in selectors.sent(user=cast.vn_officer, q=query)] == [message.pk]


@pytest.mark.parametrize("query", ["Nguyen Thi", "ເຊກອງ ຫຼວງພະບາງ", "1986", "xyz"])
def test_every_term_must_match(cast, message, query):
    assert inbox_ids(cast.la_officer, query) == []


def test_search_stays_scoped(cast, message):
    assert inbox_ids(cast.outsider, "Nguyen Van") == []
    assert not selectors.sent(user=cast.outsider, q="Nguyen Van").exists()
    # the sender's superior finds it through its sub-units' sent messages
    assert [m.pk for m in selectors.sent(user=cast.vn_auditor, q="Nguyen Van")] == [message.pk]


def test_editing_a_draft_updates_the_index(cast):
    draft = send(cast, send=False, subject="Xác minh Trần Văn Hùng", body="Nội dung")
    assert [m.pk for m in selectors.drafts(user=cast.vn_officer)] == [draft.pk]
    assert list(Message.objects.filter(selectors.search_q("tran van hung"))) == [draft]
    services.message_update(
        actor=cast.vn_officer, message=draft, subject="Xác minh Lê Thị Bình", body="Nội dung"
    )
    assert not Message.objects.filter(selectors.search_q("tran van hung")).exists()
    assert list(Message.objects.filter(selectors.search_q("le thi binh"))) == [draft]


def test_deleted_messages_leave_the_index(cast):
    draft = send(cast, send=False, subject="Xác minh Phạm Văn Long", body="Nội dung")
    Message.objects.filter(pk=draft.pk).delete()
    assert not Message.objects.filter(selectors.search_q("pham van long")).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM exchange_message_fts WHERE exchange_message_fts MATCH ?",
                ['"pham van long"'],
            )
            assert cur.fetchone()[0] == 0


@pytest.mark.parametrize(
    "query", ['a"b', 'NEAR("x" "y")', "title:abc", "abc*", "OR AND NOT", "^abc"]
)
def test_fts_syntax_in_a_query_is_plain_text(cast, message, query):
    assert inbox_ids(cast.la_officer, query) == []


def test_fts5_match_expression_quotes_each_term():
    assert fts5_match_expression(["nguyen van", 'a"b']) == '"nguyen van" AND "a""b"'
    assert indexable("abc") and not indexable("ab")


def test_long_terms_use_the_trigram_index(cast, message):
    with CaptureQueriesContext(connection) as captured:
        assert inbox_ids(cast.la_officer, "nguyen van") == [message.pk]
    # the index is read once (matching.search_matches); the list then uses its ids
    sqls = [query["sql"] for query in captured.captured_queries]
    if connection.vendor == "sqlite":
        assert any("exchange_message_fts" in sql for sql in sqls)
        assert not any("LIKE" in sql for sql in sqls)
        with connection.cursor() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cur.fetchall()}
        assert {
            "exchange_message_fts_insert",
            "exchange_message_fts_update",
            "exchange_message_fts_delete",
        } <= triggers
    else:
        assert any("LIKE" in sql for sql in sqls)
        with connection.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'msg_search_trgm'")
            assert "gin_trgm_ops" in cur.fetchone()[0]


def test_short_terms_fall_back_to_like(cast, message):
    with CaptureQueriesContext(connection) as captured:
        assert inbox_ids(cast.la_officer, "đu") == [message.pk]
    sql = captured.captured_queries[-1]["sql"]
    assert "LIKE" in sql and "exchange_message_fts" not in sql


def test_inbox_stays_inside_visible_to_for_every_user(cast, message):
    from liaison.exchange.models import Recipient

    reply_side = send(cast, author=cast.la_officer, to=[cast.quang_nam], subject="ຕອບ Nguyễn")
    users = [
        cast.vn_officer,
        cast.vn_supervisor,
        cast.vn_admin,
        cast.vn_district_officer,
        cast.vn_auditor,
        cast.la_officer,
        cast.la_auditor,
        cast.outsider,
        cast.platform_admin,
    ]
    for user in users:
        for q in (None, "nguyen"):
            listed = set(selectors.inbox(user=user, q=q).values_list("pk", flat=True))
            visible = set(Recipient.objects.visible_to(user).values_list("pk", flat=True))
            assert listed <= visible, user
    assert {p.message_id for p in selectors.inbox(user=cast.vn_officer)} == {reply_side.pk}
    assert {p.message_id for p in selectors.inbox(user=cast.la_officer)} == {
        message.pk,
        message.pk + 1,
    }

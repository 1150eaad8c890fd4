"""Gaps found reviewing the exchange against issue 3, one test each."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from liaison.agencies.models import Agency
from liaison.core.sharing import HandlingCode
from liaison.exchange import selectors, services
from liaison.exchange.models import MessageLink
from liaison.exchange.tests.helpers import counts, pdf, send

H2_REASON = "This message is marked H2"


def test_ui_explains_an_h2_refusal_on_the_field(cast):
    """Rule: H2 cannot leave the recipient's country; the UI refuses AND says why."""
    message = send(cast, handling_code=HandlingCode.H2)
    before = counts()
    response = cast.client_for(cast.la_officer).post(
        reverse("exchange_message_forward", args=[message.pk]),
        {"forward-agencies": [cast.c04.pk]},
    )
    assert response.status_code == 400
    [error] = response.context["forward_form"].errors["agencies"]
    assert error.startswith(H2_REASON)
    assert counts() == before


def test_ui_forward_of_a_plain_message_abroad_names_the_country_rule(cast):
    message = send(cast)
    response = cast.client_for(cast.la_officer).post(
        reverse("exchange_message_forward", args=[message.pk]),
        {"forward-agencies": [cast.c04.pk]},
    )
    assert response.status_code == 400
    [error] = response.context["forward_form"].errors["agencies"]
    assert "own country" in error


def test_ui_forward_of_an_invisible_message_is_404(cast):
    message = send(cast)
    response = cast.client_for(cast.outsider).post(
        reverse("exchange_message_forward", args=[message.pk]), {"forward-agencies": []}
    )
    assert response.status_code == 404


def test_api_oversized_attachment_names_the_field_and_writes_nothing(cast, settings):
    """Bad input in the API: an attachment over the size limit (setting)."""
    settings.LIAISON_ATTACHMENT_MAX_BYTES = 20
    before = counts()
    response = cast.client_for(cast.vn_officer).post(
        "/api/v1/messages/",
        {
            "recipients": [cast.sekong.pk],
            "kind": "verification",
            "priority": "urgent",
            "subject": "Xác minh",
            "body": "Đề nghị xác minh.",
            "attachments": [pdf("big.pdf")],
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "big.pdf" in response.json()["attachments"][0]
    assert counts() == before


def test_attachment_size_limit_is_a_setting_of_20_mb_by_default():
    from django.conf import settings

    assert settings.LIAISON_ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def test_commits_are_durable_before_a_201(db):
    """A 201 means durably stored: every commit reaches the disk before it returns."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
        else:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"


def test_link_to_any_model_round_trips_and_is_visible_only_with_the_message(cast):
    """Later apps link messages to their records without changing the exchange."""
    message = send(cast)
    link = services.message_link_add(actor=cast.vn_officer, message=message, target=cast.kh_add)
    stored = MessageLink.objects.get(pk=link.pk)
    assert isinstance(stored.target, Agency) and stored.target == cast.kh_add
    # the recipient sees the link because it sees the message ...
    assert list(selectors.message_links(user=cast.la_officer, message=message)) == [link]
    assert list(selectors.messages_linked_to(user=cast.la_officer, target=cast.kh_add)) == [message]
    # ... the outsider (whose own agency is the target) sees neither
    assert not MessageLink.objects.visible_to(cast.outsider).exists()
    assert not selectors.messages_linked_to(user=cast.outsider, target=cast.kh_add).exists()

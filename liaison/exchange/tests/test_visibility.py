import pytest
from django.http import Http404

from liaison.exchange import selectors, services
from liaison.exchange.models import Attachment, Message, Recipient
from liaison.exchange.tests.helpers import pdf, send


def visible(user):
    return set(Message.objects.visible_to(user).values_list("pk", flat=True))


def test_outsider_sees_nothing(cast):
    message = send(cast, attachments=[pdf()])
    attachment = message.attachments.get()
    assert visible(cast.outsider) == set()
    with pytest.raises(Http404):
        selectors.message_get(user=cast.outsider, pk=message.pk)
    with pytest.raises(Http404):
        selectors.attachment_get(user=cast.outsider, pk=attachment.pk)
    assert not Recipient.objects.visible_to(cast.outsider).exists()
    # missing and forbidden answer alike
    with pytest.raises(Http404):
        selectors.message_get(user=cast.outsider, pk=999999)
    with pytest.raises(Http404):
        selectors.message_get(user=cast.outsider, pk="not-a-number")


def test_sender_recipient_and_chains_upward(cast, lamam_officer):
    from liaison.core.testing.factories import UserFactory

    message = send(cast)
    la_ministry_user = UserFactory(agency=cast.la_drug_dept, roles=["analyst"])
    for user in (
        cast.vn_officer,
        cast.vn_supervisor,
        cast.vn_auditor,
        cast.la_officer,
        la_ministry_user,
        cast.platform_admin,
    ):
        assert message.pk in visible(user), user.username
    # sub-units and the other side's sub-units do not see it
    assert message.pk not in visible(cast.vn_district_officer)
    assert message.pk not in visible(lamam_officer)


def test_superior_sees_sub_units_messages(cast):
    message = send(cast, author=cast.vn_district_officer, to=[cast.c04])
    assert message.pk in visible(cast.vn_supervisor)  # Quảng Nam above Nam Giang
    assert message.pk in visible(cast.vn_auditor)  # the ministry at the top
    assert message.pk not in visible(cast.la_officer)


def test_drafts_and_waiting_messages_stay_on_the_sender_side(cast):
    draft = send(cast, send=False, attachments=[pdf()])
    waiting = send(cast, author=cast.vn_district_officer)
    for message in (draft, waiting):
        assert message.pk not in visible(cast.la_officer)
        assert message.pk in visible(cast.vn_supervisor)
    with pytest.raises(Http404):
        selectors.attachment_get(user=cast.la_officer, pk=Attachment.objects.get().pk)
    services.message_approve(actor=cast.vn_supervisor, message=waiting)
    assert waiting.pk in visible(cast.la_officer)


def test_forward_extends_visibility(cast, lamam_officer):
    message = send(cast)
    assert message.pk not in visible(lamam_officer)
    services.message_forward(actor=cast.la_officer, message=message, agencies=[cast.lamam])
    assert message.pk in visible(lamam_officer)


def test_recipients_see_only_their_own_parts(cast):
    message = send(cast, to=[cast.sekong, cast.c04])
    la_parts = selectors.message_parts(user=cast.la_officer, message=message)
    assert [p.agency_id for p in la_parts] == [cast.sekong.pk]
    vn_parts = selectors.message_parts(user=cast.vn_officer, message=message)
    assert {p.agency_id for p in vn_parts} == {cast.sekong.pk, cast.c04.pk}


def test_thread_shows_replies_to_both_sides(cast):
    message = send(cast)
    reply = services.message_reply(actor=cast.la_officer, message=message, body="ok")
    for user in (cast.vn_officer, cast.la_officer):
        assert list(selectors.thread_messages(user=user, message=reply)) == [message, reply]
    assert list(selectors.thread_messages(user=cast.outsider, message=message)) == []

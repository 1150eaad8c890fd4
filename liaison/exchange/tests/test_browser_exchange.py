"""The issue's story end to end in headless Chromium.

A Quảng Nam officer sends an urgent verification request to Sekong; Quảng Nam's policy
requires approval, so a supervisor approves it first. The Sekong liaison officer,
working in Lao, sees it arrive in the inbox, acknowledges and replies. The sender sees
the reply and the on-time statistics change. The outsider gets 404 on the message and
on its attachment. Screenshots land in var/screenshots/ for a human to look at.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import check_for_language

from liaison.core.testing.browser import login, screenshot
from liaison.exchange import services
from liaison.exchange.models import Message, MessageStatus, RecipientStatus
from liaison.exchange.tests.helpers import PDF_BYTES

SUBJECT = "Xác minh đối tượng Nguyễn Văn Đức"
BODY = "Đề nghị xác minh nhân thân đối tượng Nguyễn Văn Đức, sinh năm 1985, trú tại Lamam."
REPLY = "ຢືນຢັນແລ້ວ: ບຸກຄົນດັ່ງກ່າວອາໄສຢູ່ເມືອງລະມາມ."


def _on_time_cell(page) -> str:
    page.goto(reverse("exchange_statistics"))
    return page.locator("[data-totals] [data-on-time]").inner_text()


@pytest.mark.browser
def test_verification_request_from_quang_nam_to_sekong(cast, browser_pages, tmp_path):
    services.exchange_policy_set(
        actor=cast.platform_admin, agency=cast.quang_nam, require_approval=True
    )
    sender = browser_pages(locale="vi-VN")
    supervisor = browser_pages(locale="vi-VN")
    sekong = browser_pages(locale="lo-LA")
    outsider = browser_pages(locale="km-KH")

    # The Sekong liaison officer has the inbox open before anything arrives.
    login(sekong, cast.la_officer.username, cast.password)
    sekong.goto(reverse("exchange_inbox"))
    if check_for_language("lo"):  # Django ships no Lao catalog; ours comes with the translators
        assert sekong.locator("html").get_attribute("lang") == "lo"
    assert sekong.locator("#inbox-table tbody tr").count() == 0

    # 1. The officer writes the request.
    login(sender, cast.vn_officer.username, cast.password)
    sender.goto(reverse("exchange_compose"))
    sender.select_option('select[name="recipients"]', str(cast.sekong.pk))
    sender.select_option('select[name="kind"]', "verification")
    normal_due = sender.locator('input[name="due_at"]').input_value()
    sender.select_option('select[name="priority"]', "urgent")
    urgent_due = sender.locator('input[name="due_at"]').input_value()
    assert urgent_due != normal_due  # the due time follows the priority (compose.js)
    sender.fill('input[name="subject"]', SUBJECT)
    sender.fill('textarea[name="body"]', BODY)
    assert sender.locator('select[name="language"]').input_value() == "vi"  # detected
    condition = sender.locator("[data-h3-only]")
    assert condition.is_hidden()
    sender.select_option('select[name="handling_code"]', "H3")
    assert condition.is_visible()
    sender.select_option('select[name="handling_code"]', "H1")
    attachment = tmp_path / "ho-so.pdf"
    attachment.write_bytes(PDF_BYTES)
    sender.set_input_files('input[name="attachments"]', [str(attachment)])
    screenshot(sender, "h9-compose-vi")
    with sender.expect_navigation():
        sender.locator('button[name="send"]').click()
    assert sender.locator("[data-message-status]").is_visible()  # awaiting approval
    message = Message.objects.get()
    assert message.status == MessageStatus.AWAITING_APPROVAL
    assert message.handling_code == "H1" and message.attachments.count() == 1
    assert _on_time_cell(sender).strip() == "—"

    # 2. The supervisor approves it.
    login(supervisor, cast.vn_supervisor.username, cast.password)
    supervisor.goto(reverse("exchange_awaiting"))
    with supervisor.expect_navigation():
        supervisor.get_by_role("link", name=SUBJECT).click()
    supervisor.fill('textarea[name="review-comment"]', "Đồng ý gửi.")
    with supervisor.expect_navigation():
        supervisor.locator('[data-action="approve"]').click()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT

    # 3. Sekong's open inbox refreshes itself (the htmx partial, triggered now rather
    #    than after 30 s) and keeps polling; the navbar shows the unread count.
    sekong.evaluate(
        """() => { const t = document.querySelector('#inbox-table');
                   htmx.ajax('GET', t.getAttribute('hx-get'), {target: t, swap: 'outerHTML'}); }"""
    )
    sekong.get_by_text(SUBJECT).wait_for()
    assert sekong.locator("#inbox-table").get_attribute("hx-trigger") == "every 30s"
    sekong.reload()
    badge = sekong.locator("[data-unread-badge] [data-unread-count]")  # loaded by htmx
    badge.wait_for()
    assert badge.inner_text().startswith("1")
    screenshot(sekong, "h9-inbox-lo")
    with sekong.expect_navigation():
        sekong.get_by_role("link", name=SUBJECT).first.click()
    assert sekong.locator("[data-message-body]").inner_text().startswith("Đề nghị")
    assert sekong.locator("[data-message-body]").get_attribute("lang") == "vi"
    with sekong.expect_navigation():
        sekong.locator('[data-action="acknowledge"]').click()
    part = message.recipients.get()
    assert part.status == RecipientStatus.ACKNOWLEDGED
    sekong.fill('textarea[name="reply-body"]', REPLY)
    with sekong.expect_navigation():
        sekong.locator('[data-action="reply"]').click()
    screenshot(sekong, "h9-reply-lo")
    part.refresh_from_db()
    assert part.status == RecipientStatus.ANSWERED

    # 4. The sender sees the reply in the thread, and the statistics moved.
    sender.goto(reverse("exchange_message", args=[message.pk]))
    assert sender.locator("#thread").get_by_text(REPLY).is_visible()
    assert sender.locator('#recipient-status [data-status="answered"]').count() == 1
    screenshot(sender, "h9-thread-vi")
    assert _on_time_cell(sender).startswith("100")
    screenshot(sender, "h9-statistics-vi")

    # 5. The outsider: 404 for the message and for its file.
    login(outsider, cast.outsider.username, cast.password)
    response = outsider.goto(reverse("exchange_message", args=[message.pk]))
    assert response.status == 404
    assert SUBJECT not in outsider.locator("body").inner_text()
    file_url = reverse("exchange_attachment_download", args=[message.attachments.get().pk])
    assert outsider.request.get(file_url).status == 404
    assert sender.request.get(file_url).status == 200  # the same URL works in scope
    screenshot(outsider, "h9-outsider-404-km")

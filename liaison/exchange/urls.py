"""Exchange pages under /exchange/."""

from django.urls import path

from liaison.exchange.views import compose, detail, lists, stats

urlpatterns = [
    path("", lists.inbox, name="exchange_inbox"),
    path("inbox/table/", lists.inbox_partial, name="exchange_inbox_partial"),
    path("unread-badge/", lists.unread_badge, name="exchange_unread_badge"),
    path("sent/", lists.sent, name="exchange_sent"),
    path("drafts/", lists.drafts, name="exchange_drafts"),
    path("awaiting-approval/", lists.awaiting_approval, name="exchange_awaiting"),
    path("overdue/", lists.overdue, name="exchange_overdue"),
    path("compose/", compose.compose, name="exchange_compose"),
    path("messages/<int:pk>/", detail.message_detail, name="exchange_message"),
    path("messages/<int:pk>/edit/", compose.edit, name="exchange_message_edit"),
    path("messages/<int:pk>/submit/", detail.submit, name="exchange_message_submit"),
    path("messages/<int:pk>/approve/", detail.approve, name="exchange_message_approve"),
    path("messages/<int:pk>/return/", detail.return_, name="exchange_message_return"),
    path("messages/<int:pk>/acknowledge/", detail.acknowledge, name="exchange_message_acknowledge"),
    path("messages/<int:pk>/reply/", detail.reply, name="exchange_message_reply"),
    path("messages/<int:pk>/forward/", detail.forward, name="exchange_message_forward"),
    path("messages/<int:pk>/close/", detail.close, name="exchange_message_close"),
    path("messages/<int:pk>/attach/", detail.attach, name="exchange_message_attach"),
    path(
        "attachments/<int:pk>/download/",
        detail.attachment_download,
        name="exchange_attachment_download",
    ),
    path("statistics/", stats.statistics, name="exchange_statistics"),
    path("notifications/", stats.notifications, name="exchange_notifications"),
    path(
        "notifications/<int:pk>/read/", stats.notification_read, name="exchange_notification_read"
    ),
    path(
        "notifications/read-all/",
        stats.notifications_read_all,
        name="exchange_notifications_read_all",
    ),
]

"""Exchange endpoints under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from liaison.exchange.api import views

router = SimpleRouter()
router.register("messages", views.MessageViewSet, basename="api-exchange-message")
router.register("attachments", views.AttachmentViewSet, basename="api-exchange-attachment")
router.register("notifications", views.NotificationViewSet, basename="api-exchange-notification")

urlpatterns = [
    path(
        "exchange/statistics/",
        views.ExchangeStatisticsView.as_view(),
        name="api-exchange-statistics",
    ),
    *router.urls,
]

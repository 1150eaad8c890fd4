"""The audit-trail browser."""

from django.urls import path

from liaison.core.audit import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("<int:pk>/", views.audit_detail, name="audit_detail"),
]

"""The agency directory and the administration pages (agencies, users, areas)."""

from django.urls import path

from liaison.agencies.views import admin, directory

urlpatterns = [
    # Directory: everyone signed in, scoped to what they may see.
    path("agencies/", directory.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", directory.agency_detail, name="agency_detail"),
    path("partners/", directory.partner_list, name="partner_list"),
    path("partnerships/", directory.partnership_list, name="partnership_list"),
    path("partnerships/<int:pk>/", directory.partnership_detail, name="partnership_detail"),
    path("users/<int:pk>/", directory.user_detail, name="user_detail"),
    # Platform administration.
    path("agencies/new/", admin.agency_create, name="agency_create"),
    path("agencies/<int:pk>/edit/", admin.agency_edit, name="agency_edit"),
    path("partnerships/new/", admin.partnership_create, name="partnership_create"),
    path("partnerships/<int:pk>/edit/", admin.partnership_edit, name="partnership_edit"),
    path("countries/", admin.country_list, name="country_list"),
    path("countries/new/", admin.country_create, name="country_create"),
    path("countries/<str:code>/edit/", admin.country_edit, name="country_edit"),
    path("areas/", admin.area_list, name="area_list"),
    path("areas/new/", admin.area_create, name="area_create"),
    path("areas/<int:pk>/edit/", admin.area_edit, name="area_edit"),
    # Agency administration: users and hotline contact points of one's own subtree.
    path("users/", admin.user_list, name="user_list"),
    path("users/new/", admin.user_create, name="user_create"),
    path("users/<int:pk>/edit/", admin.user_edit, name="user_edit"),
    path("users/<int:pk>/password-reset/", admin.user_password_reset, name="user_password_reset"),
    path("agencies/<int:pk>/contacts/new/", admin.contact_add, name="contact_add"),
    path("contacts/<int:pk>/remove/", admin.contact_remove, name="contact_remove"),
]

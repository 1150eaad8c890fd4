"""Administration pages: platform administration and agency administration.

Platform administrators (superusers) manage agencies, partnerships, countries and
areas; anyone else gets 403 on those pages. Agency administrators manage the users and
hotline contact points of their own agency and its sub-units: the record is looked up
in their scoped queryset, so another agency's user answers 404.

Views only translate HTTP to service calls: every rule lives in agencies/services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from liaison.agencies import selectors, services
from liaison.agencies.forms.directory import (
    AgencyForm,
    AreaFilterForm,
    AreaForm,
    ContactForm,
    CountryForm,
    PartnershipForm,
    PasswordResetForm,
    UserFilterForm,
    UserForm,
    apply_service_errors,
)
from liaison.agencies.models import Agency, Area, Country, HotlineContact, Role, User
from liaison.agencies.views.directory import may_administer_agency
from liaison.core.access import get_scope

USER_PAGE_SIZE = 50
AREA_PAGE_SIZE = 50
COUNTRY_PAGE_SIZE = 50


def platform_admin_required(view: Callable) -> Callable:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied(_("Only a platform administrator may do this."))
        return view(request, *args, **kwargs)

    return wrapper


def user_admin_required(view: Callable) -> Callable:
    """Agency administrators and platform administrators; everyone else 403."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.is_superuser or user.has_role(Role.AGENCY_ADMIN)):
            raise PermissionDenied(_("Only an agency administrator may manage users."))
        return view(request, *args, **kwargs)

    return wrapper


def _administered_agencies(user: User):
    """Agencies whose users `user` may manage: the form choices, scoped."""
    if user.is_superuser:
        return Agency.objects.select_related("country").order_by("country_id", "name")
    return (
        Agency.objects.filter(pk__in=get_scope(user).own_subtree)
        .select_related("country")
        .order_by("name")
    )


# --- Agencies ----------------------------------------------------------------------------


@platform_admin_required
@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The agency was created."))
            return redirect("agency_detail", pk=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": None})


@platform_admin_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get(user=request.user, pk=pk)
    form = AgencyForm(
        request.POST or None, user=request.user, initial=AgencyForm.initial_for(agency)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            agency.refresh_from_db()  # the service may have set fields before refusing
        else:
            messages.success(request, _("The agency was saved."))
            return redirect("agency_detail", pk=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency})


# --- Partnerships ------------------------------------------------------------------------


@platform_admin_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    form = PartnershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parties = data.pop("parties")
        try:
            partnership = services.partnership_create(actor=request.user, parties=parties, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The partnership was created."))
            return redirect("partnership_detail", pk=partnership.pk)
    return render(request, "agencies/partnership_form.html", {"form": form, "partnership": None})


@platform_admin_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_get(user=request.user, pk=pk)
    form = PartnershipForm(
        request.POST or None,
        user=request.user,
        initial=PartnershipForm.initial_for(partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parties = data.pop("parties")
        try:
            services.partnership_update(
                actor=request.user, partnership=partnership, parties=parties, **data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            partnership.refresh_from_db()
        else:
            messages.success(request, _("The partnership was saved."))
            return redirect("partnership_detail", pk=partnership.pk)
    return render(
        request, "agencies/partnership_form.html", {"form": form, "partnership": partnership}
    )


# --- Countries and areas -----------------------------------------------------------------


@platform_admin_required
@require_safe
def country_list(request: HttpRequest) -> HttpResponse:
    countries = Country.objects.annotate(
        agency_count=Count("agencies", distinct=True), area_count=Count("areas", distinct=True)
    ).order_by("code")
    page = Paginator(countries, COUNTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/country_list.html", {"page_obj": page})


@platform_admin_required
@require_http_methods(["GET", "POST"])
def country_create(request: HttpRequest) -> HttpResponse:
    return _country_form(request, country=None)


@platform_admin_required
@require_http_methods(["GET", "POST"])
def country_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _country_form(request, country=get_object_or_404(Country, code=code.upper()))


def _country_form(request: HttpRequest, *, country: Country | None) -> HttpResponse:
    initial = CountryForm.initial_for(country) if country else None
    form = CountryForm(request.POST or None, initial=initial, country=country)
    if request.method == "POST" and form.is_valid():
        try:
            services.country_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The country was saved."))
            return redirect("country_list")
    return render(request, "agencies/country_form.html", {"form": form, "country": country})


@platform_admin_required
@require_safe
def area_list(request: HttpRequest) -> HttpResponse:
    form = AreaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    areas = Area.objects.select_related("country", "parent", "successor").order_by(
        "country_id", "kind", "name"
    )
    if filters.get("country"):
        areas = areas.filter(country=filters["country"])
    if filters.get("kind"):
        areas = areas.filter(kind=filters["kind"])
    if filters.get("q"):
        q = filters["q"]
        areas = areas.filter(Q(name__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    page = Paginator(areas, AREA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/area_list.html", {"form": form, "page_obj": page})


@platform_admin_required
@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest) -> HttpResponse:
    return _area_form(request, area=None)


@platform_admin_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _area_form(request, area=get_object_or_404(Area, pk=pk))


def _area_form(request: HttpRequest, *, area: Area | None) -> HttpResponse:
    form = AreaForm(request.POST or None, initial=AreaForm.initial_for(area) if area else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_save(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            if area is not None:
                area.refresh_from_db()
        else:
            messages.success(
                request, _("The area was saved.") if area else _("The area was created.")
            )
            return redirect("area_list")
    return render(request, "agencies/area_form.html", {"form": form, "area": area})


# --- Users -------------------------------------------------------------------------------


@user_admin_required
@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    admin = request.user
    form = UserFilterForm(request.GET or None, agencies=_administered_agencies(admin))
    filters = form.cleaned_data if form.is_valid() else {}
    users = (
        User.objects.administered_by(admin)
        .select_related("agency")
        .prefetch_related("role_assignments")
        .order_by("agency__name", "username")
    )
    if filters.get("agency"):
        users = users.filter(agency=filters["agency"])
    if filters.get("q"):
        q = filters["q"]
        users = users.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q)
        )
    if filters.get("status"):
        users = users.filter(is_active=filters["status"] == "active")
    page = Paginator(users, USER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/user_list.html", {"form": form, "page_obj": page})


@user_admin_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    admin = request.user
    form = UserForm(request.POST or None, agencies=_administered_agencies(admin))
    if request.method == "GET" and request.GET.get("agency"):
        form.initial["agency"] = request.GET["agency"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.user_create(
                actor=admin,
                username=data.pop("username"),
                agency=data.pop("agency"),
                password=data.pop("password") or None,
                roles=data.pop("roles"),
                **data,
            )
        except ValidationError as exc:
            # password validators raise without a field name: they are about the password
            apply_service_errors(form, exc, default_field="password")
        else:
            messages.success(request, _("The user was created."))
            return redirect("user_detail", pk=person.pk)
    return render(request, "agencies/user_form.html", {"form": form, "person": None})


def _administered_user(admin: User, pk: int) -> User:
    """The user, if `admin` manages them; 404 otherwise (the record stays hidden)."""
    return get_object_or_404(
        User.objects.administered_by(admin)
        .select_related("agency")
        .prefetch_related("role_assignments"),
        pk=pk,
    )


@user_admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    admin = request.user
    person = _administered_user(admin, pk)
    if request.method == "POST" and "set_active" in request.POST:
        # The activate/deactivate button on the user's page.
        make_active = request.POST["set_active"] == "1"
        try:
            services.user_update(actor=admin, user=person, is_active=make_active)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if make_active:
                messages.success(request, _("The user was activated."))
            else:
                messages.success(request, _("The user was deactivated."))
        return redirect("user_detail", pk=person.pk)
    form = UserForm(
        request.POST or None,
        agencies=_administered_agencies(admin),
        editing=True,
        initial=UserForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        try:
            services.user_update(actor=admin, user=person, roles=roles, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            person.refresh_from_db()
        else:
            messages.success(request, _("The user was saved."))
            return redirect("user_detail", pk=person.pk)
    return render(request, "agencies/user_form.html", {"form": form, "person": person})


@user_admin_required
@require_http_methods(["GET", "POST"])
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    admin = request.user
    person = _administered_user(admin, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=admin, user=person, new_password=form.cleaned_data["new_password"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, default_field="new_password")
        else:
            messages.success(request, _("The password was reset."))
            return redirect("user_detail", pk=person.pk)
    return render(request, "agencies/user_password_reset.html", {"form": form, "person": person})


# --- Hotline contact points --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get(user=request.user, pk=pk)
    if not may_administer_agency(request.user, agency.pk):
        raise PermissionDenied(_("You may not manage this agency's contact points."))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_add(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The contact point was added."))
            return redirect("agency_detail", pk=agency.pk)
    return render(request, "agencies/contact_form.html", {"form": form, "agency": agency})


@login_required
@require_http_methods(["GET", "POST"])
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        HotlineContact.objects.select_related("agency").filter(
            agency__in=Agency.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not may_administer_agency(request.user, contact.agency_id):
        raise PermissionDenied(_("You may not manage this agency's contact points."))
    if request.method == "POST":
        agency_id = contact.agency_id
        services.contact_remove(actor=request.user, contact=contact)
        messages.success(request, _("The contact point was removed."))
        return redirect("agency_detail", pk=agency_id)
    return render(request, "agencies/contact_confirm_remove.html", {"contact": contact})

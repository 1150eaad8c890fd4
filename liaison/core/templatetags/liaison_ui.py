"""Template helpers of the UI shell: navigation that only links to pages that exist."""

from __future__ import annotations

from django import template
from django.contrib.messages import constants as message_constants
from django.urls import NoReverseMatch, reverse

register = template.Library()

# Bootstrap alert classes for the messages framework's levels ("error" is "danger").
_ALERT_CLASSES = {
    message_constants.DEBUG: "secondary",
    message_constants.INFO: "info",
    message_constants.SUCCESS: "success",
    message_constants.WARNING: "warning",
    message_constants.ERROR: "danger",
}


@register.filter
def has_role(user, role: str) -> bool:
    """`{% if user|has_role:"auditor" %}`; False for anonymous users."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(role))


@register.filter
def alert_class(message) -> str:
    return _ALERT_CLASSES.get(getattr(message, "level", None), "info")


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context, url_name: str, label: str) -> dict:
    """A navbar link, or nothing while the page behind `url_name` does not exist yet.

    The link is marked current on its own page and on the pages below it
    (e.g. an agency's detail page under "Agencies").
    """
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return {"url": None}
    request = context.get("request")
    path = getattr(request, "path", "")
    current = path == url if url == "/" else path.startswith(url)
    return {"url": url, "label": label, "current": current}

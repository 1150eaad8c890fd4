"""The navbar link to the exchange, with the number of unread messages.

The count is not computed while the page renders: the badge loads itself through htmx
(`exchange_unread_badge`) right after the page and then every minute, so no page pays
a query for it and the number stays fresh on a page left open.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("exchange/_nav_item.html", takes_context=True)
def exchange_nav_item(context, label: str) -> dict:
    """`{% exchange_nav_item label %}` inside the navbar's signed-in links."""
    request = context.get("request")
    url = reverse("exchange_inbox")
    path = getattr(request, "path", "")
    return {
        "url": url,
        "badge_url": reverse("exchange_unread_badge"),
        "label": label,
        "current": path.startswith(url),
    }

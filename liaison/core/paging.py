"""Pagination for lists that hold hundreds of thousands of rows (the exchange, the ledger).

Counting every match is what made a ministry's inbox and a search for a common term slow
(539,000 parts, 81,000 matches): the count here stops at `COUNT_CAP + 1` rows, and a
capped list says "1,000+" instead of an exact figure. Page links stay exact up to the
cap; beyond it, "next" is offered as long as a page is full (one extra row is read to
know). A page chooses its ids first (the list's own ordered query, no joins, as a
subquery), then joins the related rows for just those ids.
"""

from __future__ import annotations

from functools import cached_property
from math import ceil

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 1_000


def page_rows(queryset: QuerySet, ids: QuerySet) -> QuerySet:
    """The rows whose ids `ids` (a sliced `values_list("pk")` of `queryset`) chooses, in
    the list's order, with the list's select/prefetch of related rows: one query, the
    ids as a subquery.

    The outer query filters by primary key only: the list's filters (a search's FTS
    subquery, the subtree) are evaluated once, inside the subquery, and its joins touch
    just the page's rows, not every match (the HTML inbox of a ministry sorted its whole
    subtree when SQLite started from the joined agency table).
    """
    loader = queryset.model._default_manager.filter(pk__in=ids)
    loader.query.select_related = queryset.query.select_related
    return loader.prefetch_related(*queryset._prefetch_related_lookups).order_by(
        *queryset.query.order_by
    )


class CappedPage(Page):
    def __init__(self, object_list, number: int, paginator: CappedPaginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap` + 1 rows (see the module's docstring)."""

    def __init__(self, object_list, per_page: int, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        items = self.object_list
        if isinstance(items, QuerySet):
            # no ORDER BY: the database stops at the first cap + 1 matches, in any order
            return items.order_by()[: self.cap + 1].count()
        return min(len(items), self.cap + 1)

    @property
    def count_capped(self) -> bool:
        return self.count > self.cap

    @property
    def shown_count(self) -> int:
        """The count to display: the exact count, or the cap (shown as "1,000+")."""
        return min(self.count, self.cap)

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, ceil(self.shown_count / self.per_page))

    def validate_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > self.num_pages and not self.count_capped:
            if number != 1 or not self.allow_empty_first_page:
                raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> CappedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        items = self.object_list
        if self.count == 0:  # known already (validate_number): no second search for nothing
            window = []
        elif isinstance(items, QuerySet):
            # one row more than the page, to know whether a next page exists past the cap
            ids = items.values_list("pk", flat=True)[bottom : top + 1]
            window = list(page_rows(items, ids))
        else:
            window = list(items[bottom : top + 1])
        more = len(window) > self.per_page
        rows = window[: self.per_page]
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows, number, self, more=more)


class CappedPagination(PageNumberPagination):
    """The API's exchange message list: `count` stops at the cap, with `count_capped`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            message = self.invalid_page_message.format(page_number=page_number, message=error)
            raise NotFound(message) from error
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.shown_count,
                "count_capped": paginator.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {"type": "boolean", "example": False}
        return response

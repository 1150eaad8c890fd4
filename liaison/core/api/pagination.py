"""Pagination for list endpoints."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page numbers for directories of modest size (``?page=2&page_size=100``)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class SeqCursorPagination(CursorPagination):
    """Newest first by ``seq``, for append-only tables with millions of rows.

    A cursor never counts rows and never uses OFFSET, so the first page (and every later
    one) is an index range scan of ``page_size + 1`` rows, however long the table.
    """

    ordering = "-seq"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

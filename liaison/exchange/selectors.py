"""Reads of the exchange, always starting from `visible_to(user)`.

Lists return querysets with their related rows joined or prefetched, so a page costs a
fixed number of queries; adapters paginate them.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.utils import timezone

from liaison.agencies.models import Role, User
from liaison.core.access import access_object, agencies_below, get_scope
from liaison.exchange.matching import (
    FTS5_MATCH,
    InboxSearch,
    MatchedIds,
    MemberIn,
    SearchMatches,
    search_matches,
)
from liaison.exchange.models import (
    Attachment,
    Message,
    MessageLink,
    MessageStatus,
    Notification,
    Recipient,
    RecipientStatus,
)
from liaison.exchange.textsearch import fts5_match_expression, indexable, query_terms


def _own_agencies(user: User, include_subunits: bool) -> frozenset[int]:
    scope = get_scope(user)
    if scope.agency_id is None:
        return frozenset()
    return scope.own_subtree if include_subunits else frozenset({scope.agency_id})


class SubtreeIn(In):
    """`agency_id IN (the user's subtree)` that an ordered SQLite query does not use to
    choose an index.

    With an IN over several agencies, SQLite reads every part of those agencies through
    the (agency, sent_at) index and sorts them all for a page of 50 (1.6 s for a ministry
    at 600,000 messages). Written `+agency_id IN (...)` (SQLite's unary-plus hint), the
    newest-first page walks the (sent_at, agency) index and stops after 50 rows. The
    count (no ORDER BY) keeps the plain form, answered from the (agency, sent_at) index.
    """

    def as_sqlite(self, compiler, connection) -> tuple[str, list]:
        sql, params = self.as_sql(compiler, connection)
        if compiler.query.order_by:
            return f"+{sql}", params
        return sql, params


def day_start(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time.max))


def _only_short_terms(query: str) -> bool:
    """Whether no term of the query can use the trigram index (the LIKE fallback)."""
    terms = query_terms(query)
    return bool(terms) and not any(indexable(term) for term in terms)


def search_q(
    query: str,
    *,
    prefix: str = "",
    matches: SearchMatches | None = None,
    inbox_of: frozenset[int] | None = None,
) -> Q:
    """Every folded term must occur in the folded subject and body, as a substring.

    On SQLite terms of three characters or more go through the FTS5 trigram index; on
    PostgreSQL LIKE '%term%' uses the pg_trgm GIN index by itself. Shorter terms have no
    trigram: a plain LIKE (still correct, only slower). `matches` (`search_matches(query)`,
    read once per request) replaces the index by its materialised ids, and its density
    chooses between starting from the matches and testing membership (`MemberIn`).
    `inbox_of` (the inbox's agencies; PostgreSQL): the trigram index also drops the
    messages none of them received, before any row is rechecked (`InboxSearch`).
    """
    terms = query_terms(query)
    indexed = [term for term in terms if indexable(term)]
    column = F(f"{prefix}id")
    q = Q()
    if matches is not None and matches.ids is not None:
        # the indexed terms are answered by the ids; short terms still need their LIKE
        q &= Q(MatchedIds(column, matches.ids, membership=matches.dense))
        for term in terms:
            if term not in indexed:
                q &= Q(**{f"{prefix}search_text__contains": term})
        return q
    if indexed and inbox_of is not None and connection.vendor == "postgresql":
        # too many to list: the count from the index, the page walks (InboxSearch)
        return Q(InboxSearch(F(f"{prefix}search_text"), terms, inbox_of))
    for term in terms:
        if term not in indexed or connection.vendor != "sqlite":
            q &= Q(**{f"{prefix}search_text__contains": term})
    if indexed and connection.vendor == "sqlite":
        # the user input is a bound parameter, never part of the SQL text
        match = RawSQL(FTS5_MATCH, [fts5_match_expression(indexed)])  # noqa: S611
        if matches is not None:  # more matches than listed (ids None): a common term
            q &= Q(MemberIn(column, match))
        else:
            q &= Q(**{f"{prefix}id__in": match})
    return q


def _filter_messages(
    qs: QuerySet,
    *,
    prefix: str,
    kind: str | None,
    priority: str | None,
    date_from: date | None,
    date_to: date | None,
    q: str | None,
    date_field: str,
    matches: SearchMatches | None = None,
    inbox_of: frozenset[int] | None = None,
) -> QuerySet:
    if kind:
        qs = qs.filter(**{f"{prefix}kind": kind})
    if priority:
        qs = qs.filter(**{f"{prefix}priority": priority})
    if date_from:
        qs = qs.filter(**{f"{date_field}__gte": day_start(date_from)})
    if date_to:
        qs = qs.filter(**{f"{date_field}__lte": day_end(date_to)})
    if q:
        qs = qs.filter(search_q(q, prefix=prefix, matches=matches, inbox_of=inbox_of))
    return qs


# --- lists -------------------------------------------------------------------------------


def inbox(
    *,
    user: User,
    include_subunits: bool = True,
    kind: str | None = None,
    priority: str | None = None,
    partner: int | None = None,
    status: str | None = None,
    overdue: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str | None = None,
) -> QuerySet[Recipient]:
    """Parts received by the user's agency (and, for superiors, its sub-units), newest first.

    `partner` is a sender agency; its sub-units count too.
    """
    agencies = _own_agencies(user, include_subunits)
    # Exactly the "received" branch of Recipient.objects.visible_to(user): sent parts of
    # agencies in the user's own subtree (`agencies` is a subset of it). Written without
    # the other branch (parts of messages the subtree sent), whose OR needs a join to the
    # message: with it, the page count visited every part's message (seconds at 1,000,000
    # messages); without it, the count is read from the (agency, sent_at) index alone.
    # test_search_index.py checks the inbox stays inside visible_to for every cast user.
    # Paged like no search at all, walking newest first and stopping after a page of
    # matches: a search only of terms too short for the trigram index (a LIKE on each
    # part's message; a common two-letter term took 2.2 s for a ministry when the whole
    # subtree was read and sorted), and a term with many matches (MemberIn: the walk
    # tests membership from the covering index). The capped count reads the subtree's
    # parts from the (agency, sent_at, message) index; when it finds nothing (a Khmer
    # word in a Vietnamese province), the paginator reads no page at all.
    # The trigram index is read once, here (matching.py): its ids, listed, serve the
    # count and the page, and their number chooses the plan.
    # PostgreSQL: the trigram index itself keeps only what the agencies received.
    matches = search_matches(q, inbox_of=agencies) if q else None
    dense = matches is not None and matches.dense
    if len(agencies) > 1 and (not q or dense or _only_short_terms(q)):
        qs = Recipient.objects.filter(
            SubtreeIn(F("agency_id"), sorted(agencies)), sent_at__isnull=False
        )
    else:
        # One agency: the (agency, sent_at) index gives the parts in page order. A search
        # for a rare term starts from its few matches and probes (message, agency).
        qs = Recipient.objects.filter(agency_id__in=agencies, sent_at__isnull=False)
    if partner:
        qs = qs.filter(message__sender_agency_id__in=agencies_below([int(partner)]))
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.overdue()
    qs = _filter_messages(
        qs,
        prefix="message__",
        kind=kind,
        priority=priority,
        date_from=date_from,
        date_to=date_to,
        q=q,
        date_field="sent_at",
        matches=matches,
        inbox_of=agencies,
    )
    return qs.select_related(
        "agency", "message", "message__sender_agency", "message__author"
    ).order_by("-sent_at", "-id")


def sent(
    *,
    user: User,
    include_subunits: bool = True,
    kind: str | None = None,
    priority: str | None = None,
    partner: int | None = None,
    status: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str | None = None,
) -> QuerySet[Message]:
    """Messages the user's agency (and sub-units) sent, with their parts, newest first.

    `partner` keeps messages to that agency (or its sub-units); `status` those with at
    least one part in that status.
    """
    agencies = _own_agencies(user, include_subunits)
    qs = Message.objects.visible_to(user).filter(
        sender_agency_id__in=agencies, status=MessageStatus.SENT
    )
    parts = Recipient.objects.filter(message_id=OuterRef("pk"))
    if partner:
        qs = qs.filter(Exists(parts.filter(agency_id__in=agencies_below([int(partner)]))))
    if status:
        qs = qs.filter(Exists(parts.filter(status=status)))
    qs = _filter_messages(
        qs,
        prefix="",
        kind=kind,
        priority=priority,
        date_from=date_from,
        date_to=date_to,
        q=q,
        date_field="sent_at",
    )
    return _with_parts(qs).order_by("-sent_at", "-id")


def _with_parts(qs: QuerySet[Message]) -> QuerySet[Message]:
    return qs.select_related("sender_agency", "author").prefetch_related(
        Prefetch("recipients", queryset=Recipient.objects.select_related("agency").order_by("id"))
    )


def drafts(*, user: User) -> QuerySet[Message]:
    """The user's own drafts, returned messages and messages waiting for approval."""
    return _with_parts(
        Message.objects.visible_to(user).filter(
            author=user,
            status__in=[
                MessageStatus.DRAFT,
                MessageStatus.RETURNED,
                MessageStatus.AWAITING_APPROVAL,
            ],
        )
    ).order_by("-updated_at", "-id")


def awaiting_approval(*, user: User) -> QuerySet[Message]:
    """Messages of the supervisor's agency and sub-units waiting for approval."""
    if not user.is_authenticated or not user.has_role(Role.SUPERVISOR):
        return Message.objects.none()
    return _with_parts(
        Message.objects.visible_to(user)
        .filter(
            sender_agency_id__in=get_scope(user).own_subtree, status=MessageStatus.AWAITING_APPROVAL
        )
        .exclude(author=user)
    ).order_by("submitted_at", "id")


def overdue(
    *,
    user: User,
    side: str = "received",
    include_subunits: bool = True,
    now: datetime | None = None,
) -> QuerySet[Recipient]:
    """Parts past their due time without the expected response, oldest due first.

    `side="received"`: what the user's agencies owe; `side="sent"`: what is owed to them.
    """
    agencies = _own_agencies(user, include_subunits)
    qs = Recipient.objects.visible_to(user).overdue(now)
    if side == "sent":
        qs = qs.filter(message__sender_agency_id__in=agencies)
    else:
        qs = qs.filter(agency_id__in=agencies)
    return qs.select_related("agency", "message", "message__sender_agency").order_by("due_at", "id")


def unread_count(*, user: User, include_subunits: bool = False) -> int:
    """Parts received by the user's agency that nobody there has opened yet."""
    agencies = _own_agencies(user, include_subunits)
    # The received side of visible_to only, as in inbox(): the OR branch's join to the
    # message made this badge visit every part's message (over a second at 1,000,000).
    return Recipient.objects.filter(
        agency_id__in=agencies, sent_at__isnull=False, status=RecipientStatus.SENT
    ).count()


def counts(*, user: User) -> dict[str, int]:
    """The figures for the navigation badges, in three queries."""
    return {
        "unread": unread_count(user=user),
        "awaiting_approval": awaiting_approval(user=user).count(),
        "notifications": Notification.objects.visible_to(user).unread().count(),
    }


# --- one message -------------------------------------------------------------------------


def message_get(*, user: User, pk: int) -> Message:
    """One message the user may see, or 404 (missing and out of scope alike)."""
    return access_object(
        Message.objects.select_related(
            "sender_agency", "sender_agency__country", "author", "approved_by", "in_reply_to"
        ),
        user,
        pk=pk,
    )


def message_parts(*, user: User, message: Message) -> QuerySet[Recipient]:
    return (
        Recipient.objects.visible_to(user)
        .filter(message=message)
        .select_related(
            "agency",
            "forwarded_from__agency",
            "forwarded_by",
            "read_by",
            "acknowledged_by",
            "answered_by",
            "closed_by",
        )
        .order_by("id")
    )


def own_part(*, user: User, message: Message) -> Recipient | None:
    """The user's agency's part of the message, if it is a recipient."""
    if user.agency_id is None:
        return None
    return Recipient.objects.filter(
        message=message, agency_id=user.agency_id, sent_at__isnull=False
    ).first()


def thread_messages(*, user: User, message: Message) -> QuerySet[Message]:
    """The visible messages of the thread, oldest first."""
    root_id = message.root_id
    return (
        Message.objects.visible_to(user)
        .filter(Q(pk=root_id) | Q(thread_id=root_id))
        .select_related("sender_agency", "author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def message_attachments(*, user: User, message: Message) -> QuerySet[Attachment]:
    return Attachment.objects.visible_to(user).filter(message=message).order_by("id")


def attachment_get(*, user: User, pk: int) -> Attachment:
    """An attachment of a visible message, or 404."""
    return access_object(Attachment.objects.select_related("message"), user, pk=pk)


def message_links(*, user: User, message: Message) -> QuerySet[MessageLink]:
    return (
        MessageLink.objects.visible_to(user)
        .filter(message=message)
        .select_related("content_type", "created_by")
        .order_by("id")
    )


def messages_linked_to(*, user: User, target) -> QuerySet[Message]:
    """Visible messages linked to a record of another app (for its detail page)."""
    links = MessageLink.objects.to(target).filter(message_id=OuterRef("pk"))
    return (
        Message.objects.visible_to(user)
        .filter(Exists(links))
        .select_related("sender_agency")
        .order_by("-sent_at", "-id")
    )


# --- notifications -----------------------------------------------------------------------


def notifications(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.visible_to(user)
    if unread_only:
        qs = qs.unread()
    return qs.select_related("message", "message__sender_agency").order_by("-created_at", "-id")

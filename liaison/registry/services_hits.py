"""Cross-agency hits: recorded after a screening, and both owners told.

A screening by a user of agency A whose candidate (or hidden discoverable hit) is a
`match` or `possible` on a person of agency B, outside A's own chain of command, is a
hit. It is recorded once per (screening agency, person) — screening the same person
again only counts it — and a new hit tells both sides: in the application (the hits
page of the registry, `registry_hits`) and by e-mail, through the exchange's mail
delivery (after commit, in each reader's language, no personal data in the e-mail).
The owner learns who screened; the screening agency of a hidden record learns only
which agency holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.agencies.models import Agency, User
from liaison.core.access import get_scope
from liaison.core.audit.services import Action, audit_record
from liaison.core.mail import deliver_mail
from liaison.exchange.services.notify import users_of
from liaison.registry.imports import record_names
from liaison.registry.models import Hit, Person
from liaison.registry.services import WRITER_ROLES

KEEP = {"match", "possible"}


@dataclass(frozen=True, slots=True)
class Found:
    """One scored person for one screened record (hidden: not visible to the actor)."""

    index: int
    person_id: int
    decision: str
    score: float | None
    hidden: bool


def _names(record: Mapping[str, Any]) -> list[str]:
    return [name[:300] for name in record_names(record)][:10]


def found_in(results: Sequence[Mapping[str, Any]], hidden: Iterable[Found] = ()) -> list[Found]:
    """The visible candidates of screening results, plus the hidden hits the screener
    kept aside (`Screener.hidden_found`)."""
    found = [
        Found(
            index=n,
            person_id=candidate["id"],
            decision=candidate["decision"],
            score=candidate.get("score"),
            hidden=False,
        )
        for n, result in enumerate(results)
        for candidate in result.get("candidates", ())
        if candidate.get("decision") in KEEP
    ]
    return found + [f for f in hidden if f.decision in KEEP]


@transaction.atomic
def hits_record(
    *,
    actor,
    records: Sequence[Mapping[str, Any]],
    found: Iterable[Found],
    source: str = Hit.Source.SCREENING,
) -> list[Hit]:
    """Record the cross-agency hits among `found` and notify both sides of new ones.

    Nothing for the command line (no agency) or for persons of the actor's own chain of
    command. Returns the new hits."""
    if actor is None or getattr(actor, "agency_id", None) is None:
        return []
    scope = get_scope(actor)
    ours = set(scope.own_subtree) | set(scope.chain_up) | {actor.agency_id}
    best: dict[int, Found] = {}
    for item in found:
        current = best.get(item.person_id)
        if current is None or (item.score or 0) > (current.score or 0):
            best[item.person_id] = item
    if not best:
        return []
    owners = dict(Person.objects.filter(pk__in=list(best)).values_list("pk", "owner_agency_id"))
    theirs = {pk: item for pk, item in best.items() if owners.get(pk) not in ours | {None}}
    if not theirs:
        return []
    agency = actor.agency
    existing = set(
        Hit.objects.filter(screening_agency=agency, person_id__in=list(theirs)).values_list(
            "person_id", flat=True
        )
    )
    if existing:
        Hit.objects.filter(screening_agency=agency, person_id__in=existing).update(
            times=F("times") + 1, last_seen_at=timezone.now(), screened_by=actor
        )
    new = [
        Hit(
            screening_agency=agency,
            screened_by=actor,
            person_id=pk,
            owner_agency_id=owners[pk],
            decision=item.decision,
            score=item.score,
            hidden=item.hidden,
            source=source,
            query_names=_names(records[item.index]) if item.index < len(records) else [],
            query_ref=str(records[item.index].get("ref") or "")[:100]
            if item.index < len(records)
            else "",
        )
        for pk, item in sorted(theirs.items())
        if pk not in existing
    ]
    created = Hit.objects.bulk_create(new)
    if created:
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="registry.hit",
            changes={
                "persons": sorted(h.person_id for h in created)[:1000],
                "owners": sorted({h.owner_agency_id for h in created}),
                "source": source,
            },
            verb="registry.hits_record",
        )
        _notify(actor=actor, hits=created)
    return created


def _notify(*, actor: User, hits: Sequence[Hit]) -> None:
    """One e-mail per user per screening, after commit: the screening agency's users
    and each owner's users, never the acting user (who sees the result on screen)."""
    per_owner: dict[int, int] = defaultdict(int)
    for hit in hits:
        per_owner[hit.owner_agency_id] += 1
    agencies = Agency.objects.in_bulk([actor.agency_id, *per_owner])
    screener = agencies[actor.agency_id]
    mails: list[tuple[User, str]] = []
    for user in users_of([actor.agency_id], roles=WRITER_ROLES):
        if user.pk != actor.pk and user.email:
            mails.append((user, "screener"))
    owner_users = users_of(list(per_owner), roles=WRITER_ROLES)
    for user in owner_users:
        if user.pk != actor.pk and user.email:
            mails.append((user, "owner"))
    if not mails:
        return
    hits_url = reverse("registry_hits")

    def send() -> None:
        messages = []
        for user, side in mails:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                if side == "owner":
                    count = per_owner.get(user.agency_id, 0)
                    text = ngettext(
                        "A screening by %(agency)s met %(count)s record of your agency.",
                        "A screening by %(agency)s met %(count)s records of your agency.",
                        count,
                    ) % {"agency": screener.display_name, "count": count}
                else:
                    count = len(hits)
                    text = ngettext(
                        "A screening by your agency met %(count)s record of another agency.",
                        "A screening by your agency met %(count)s records of other agencies.",
                        count,
                    ) % {"count": count}
                subject = _("[Liaison] %(what)s") % {"what": _("Registry hit")}
                body = "\n\n".join(
                    [
                        text,
                        _(
                            "Open the registry's hits page in Liaison (%(url)s) to see them. "
                            "Names are not sent by e-mail."
                        )
                        % {"url": hits_url},
                    ]
                )
            messages.append(
                mail.EmailMessage(
                    subject=subject,
                    body=body,
                    to=[user.email],
                    from_email=settings.DEFAULT_FROM_EMAIL,
                )
            )
        deliver_mail(messages)

    transaction.on_commit(send)

"""Read models of the client register for pages and exports; all scoped by visible_to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from servicebook.accounts.models import User
from servicebook.clients.models import (
    Client,
    ClientImport,
    Contact,
    DuplicateLink,
    PropertyProject,
)
from servicebook.core.phones import normalise_phone

SORTS = {
    "registered": ("-registered_on", "-id"),
    "-registered": ("registered_on", "id"),
    "number": ("registration_no",),
    "-number": ("-registration_no",),
    "name": ("normalised_name", "id"),
    "-name": ("-normalised_name", "-id"),
    "status": ("status", "-registered_on", "-id"),
    "intent": ("intent", "-registered_on", "-id"),
}
DEFAULT_SORT = "registered"
FILTERS = (
    "status",
    "intent",
    "client_type",
    "product_category",
    "department",
    "owner",
    "information_source",
)


def client_search_filter(text: str) -> Q:
    """Match every word of ``text`` in names, contacts, phones and property names."""
    query = Q()
    for word in text.lower().split():
        digits = normalise_phone(word)
        term = digits if len(digits) >= 4 and len(digits) >= len(word) - 3 else word
        query &= Q(search_text__contains=term)
    return query


def client_list(user: User, params: dict[str, Any]) -> QuerySet[Client]:
    """Clients the user may see, searched, filtered and sorted as ``params`` ask.

    Each row carries its primary contact and its property projects, in two extra queries
    for the whole page.
    """
    clients = Client.objects.visible_to(user)
    if text := (params.get("q") or "").strip():
        clients = clients.filter(client_search_filter(text))
    for name in FILTERS:
        value = params.get(name)
        if value in (None, ""):
            continue
        if name == "owner" and value == "none":
            clients = clients.filter(owner__isnull=True)
        else:
            clients = clients.filter(**{f"{name}_id" if _is_fk(name) else name: value})
    sort = str(params.get("sort") or DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    return (
        clients.select_related("department", "owner", "information_source")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Contact.objects.filter(is_primary=True),
                to_attr="primary_contacts",
            ),
            Prefetch(
                "properties", queryset=PropertyProject.objects.only("id", "client_id", "name")
            ),
        )
        .order_by(*SORTS[sort])
    )


def client_export_list(user: User, params: dict[str, Any]) -> QuerySet[Client]:
    """The list as searched and filtered, with every column of the register prefetched."""
    return (
        client_list(user, params)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Contact.objects.filter(is_primary=True),
                to_attr="primary_contacts",
            ),
            "properties",
            "services",
        )
    )


def client_import_for(user: User, pk: int) -> ClientImport:
    """An import the user uploaded (nobody else sees its file or report), or 404."""
    return get_object_or_404(ClientImport.objects.filter(uploaded_by=user), pk=pk)


def _is_fk(name: str) -> bool:
    return name in {"department", "owner", "information_source"}


def client_detail(user: User, pk: int) -> Client:
    """One client the user may see, with everything its page shows (404 otherwise)."""
    return get_object_or_404(
        Client.objects.visible_to(user)
        .select_related("department", "owner", "registered_by", "information_source")
        .prefetch_related("contacts", "properties", "services"),
        pk=pk,
    )


def client_duplicate_links(user: User, client: Client) -> list[DuplicateLink]:
    """Links recorded at registration, each marked whether the user may open the other file."""
    links = list(
        DuplicateLink.objects.filter(client=client).select_related("existing", "confirmed_by")
    )
    visible = set(
        Client.objects.visible_to(user)
        .filter(pk__in=[link.existing_id for link in links])
        .values_list("pk", flat=True)
    )
    for link in links:
        link.visible = link.existing_id in visible  # type: ignore[attr-defined]
    return links


@dataclass
class HistoryEntry:
    """One change to a client file: when, who, which record, which fields."""

    when: datetime
    who: str
    record: str
    action: str
    changes: list[Any] = field(default_factory=list)


def client_history(client: Client, limit: int = 30) -> list[HistoryEntry]:
    """Who changed what and when on the client file, its contacts and properties.

    Codes are shown as their labels and foreign keys as names, in one query per model.
    """
    rows: list[tuple[Any, Any, str]] = []
    sources: list[tuple[Any, str]] = [
        (
            Client.history.filter(id=client.pk).prefetch_related("historicalclient_services_set"),
            _("Client file"),
        ),
        (Contact.history.filter(client_id=client.pk), _("Contact")),
        (PropertyProject.history.filter(client_id=client.pk), _("Property project")),
    ]
    for history, label in sources:
        previous: dict[int, Any] = {}
        for record in history.select_related("history_user").order_by("history_date", "pk"):
            rows.append((record, previous.get(record.id), label))
            previous[record.id] = record
    rows.sort(key=lambda row: row[0].history_date, reverse=True)
    entries = [entry for row in rows if (entry := _history_entry(*row)) is not None]
    entries = entries[:limit]
    _resolve_names(entries)
    return entries


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _history_entry(record: Any, previous: Any, label: str) -> HistoryEntry | None:
    changes: list[tuple[Any, Any, Any]] = []
    if previous is not None and record.history_type == "~":
        model = record.instance_type
        m2m = [f.name for f in model._meta.many_to_many]
        delta = record.diff_against(previous, excluded_fields=m2m, foreign_keys_are_objs=False)
        changes = [(model._meta.get_field(c.field), c.old, c.new) for c in delta.changes]
        if m2m and (old := _service_ids(previous)) != (new := _service_ids(record)):
            if previous.history_type == "+" and not changes and _same_event(previous, record):
                return None  # registration saves the services right after the client row
            changes.append((model._meta.get_field("services"), old, new))
        if not changes:
            return None
    user = record.history_user
    return HistoryEntry(
        when=record.history_date,
        who=user.display_name if user else _("system"),
        record=f"{label} · {record.history_object}",
        action=_ACTIONS[record.history_type],
        changes=changes,
    )


def _same_event(first: Any, second: Any) -> bool:
    """Two history rows written by one service call (same person, moments apart)."""
    close = (second.history_date - first.history_date).total_seconds() < 5
    return close and first.history_user_id == second.history_user_id


def _service_ids(record: Any) -> list[int]:
    """The services of a historical client record, from the prefetched m2m history rows."""
    return sorted(row.serviceline_id for row in record.historicalclient_services_set.all())


def _resolve_names(entries: list[HistoryEntry]) -> None:
    """Turn raw values into what a person reads: labels, names, lists of names."""
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for entry in entries:
        for model_field, old, new in entry.changes:
            target = _related_model(model_field)
            if target is not None:
                wanted[target] |= {v for v in _ids(model_field, old) + _ids(model_field, new) if v}
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }
    for entry in entries:
        entry.changes = [
            (str(f.verbose_name), _show(f, old, names), _show(f, new, names))
            for f, old, new in entry.changes
        ]


def _related_model(field: Any) -> Any:
    return field.related_model if (field.many_to_one or field.many_to_many) else None


def _ids(field: Any, value: Any) -> list[Any]:
    return list(value or []) if field.many_to_many else [value]


def _show(field: Any, value: Any, names: dict[Any, dict[Any, str]]) -> str:
    if value in (None, "", []):
        return ""
    if field.many_to_many or field.many_to_one:
        lookup = names.get(field.related_model, {})
        return "、".join(lookup.get(pk, str(pk)) for pk in _ids(field, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)

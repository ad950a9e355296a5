"""What each fake endpoint answers, before paging: records in the quirks' shape and order."""

import threading
from collections.abc import Callable
from typing import Any

from auditor.fake.account import FakeAccount, sorted_by_name
from auditor.fake.account_views import (
    account_record,
    availability_record,
    contact_detail,
    contact_in_listing,
    is_invitation,
    total_agents,
)
from auditor.fake.quirks import Quirks
from auditor.fake.shapes import display_name, in_shape, is_real, without_memberships


class Views:
    """The records behind every route, for the server and for tests that check a snapshot."""

    def __init__(self, account: FakeAccount, quirks: Quirks) -> None:
        self.account = account
        self.quirks = quirks
        # Sorted listings, rebuilt only when the account changes (the move quirk):
        # a large account is paged hundreds of times.
        self._cache: dict[tuple[str, object], tuple[int, list[dict[str, Any]]]] = {}
        self._lock = threading.Lock()

    def _cached(
        self, key: tuple[str, object], build: Callable[[], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        version = self.account.version
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        records = build()
        with self._lock:
            self._cache[key] = (version, records)
        return records

    def agents(self, *, active: bool) -> list[dict[str, Any]]:
        return self._cached(("agents", active), lambda: self._agents(active))

    def _agents(self, active: bool) -> list[dict[str, Any]]:
        table = self._listed(active)
        wanted = self.quirks.listing_memberships
        records = [
            without_memberships(record)
            if wanted is False or (wanted is None and record["id"] in self.account.bare_agents)
            else record
            for record in (in_shape(r, self.quirks.shape) for r in table)
        ]
        return sorted_by_name(records)

    def _listed(self, active: bool) -> list[dict[str, Any]]:
        """The raw records of the default (`active`) or the `active=false` listing."""
        inactive = list(self.account.inactive.values())
        if not self.quirks.invitations_in_default_listing:
            return list(self.account.agents.values()) if active else inactive
        invitations = [r for r in inactive if is_invitation(r)]
        if active:
            return [*self.account.agents.values(), *invitations]
        return [r for r in inactive if not is_invitation(r)]

    def availability(self) -> list[dict[str, Any]]:
        """`/agents?only=availability`: every agent, deactivated ones (not invitations) flagged."""
        inactive = self.account.inactive.values()
        records = [availability_record(r, deactivated=False) for r in self.account.agents.values()]
        records += [availability_record(r, deactivated=not is_invitation(r)) for r in inactive]
        return sorted_by_name(records)

    def account_record(self) -> dict[str, Any]:
        totals = total_agents(
            self.account.agents.values(),
            self.account.inactive.values(),
            count_deactivated=self.quirks.account_counts_deactivated,
            offset=self.quirks.account_count_offset,
        )
        return account_record(self.account.domain, totals, tier_type=self.quirks.tier_type)

    def contact(self, contact_id: int) -> dict[str, Any] | None:
        """`/contacts/{id}`: the stored detail, else the listing record as a detail."""
        stored = self.account.contact_details.get(contact_id)
        if stored is not None:
            return dict(stored)
        record = self.account.contacts.get(contact_id)
        return contact_detail(record) if record is not None else None

    def agent(self, agent_id: int) -> dict[str, Any] | None:
        record = self.account.agent(agent_id)
        return in_shape(record, self.quirks.shape) if record is not None else None

    def me(self) -> dict[str, Any]:
        record = self.agent(self.account.key_owner_id)
        assert record is not None
        return record

    def roles(self) -> list[dict[str, Any]]:
        return sorted_by_name([dict(r) for r in self.account.roles.values()])

    def groups(self, *, admin: bool) -> list[dict[str, Any]]:
        wanted = True if admin else self.quirks.group_list_agent_ids
        records = [
            {k: v for k, v in r.items() if k != "agent_ids"}
            if wanted is False or (wanted is None and r["id"] in self.account.bare_groups)
            else dict(r)
            for r in self.account.groups.values()
        ]
        return sorted_by_name(records)

    def group(self, group_id: int) -> dict[str, Any] | None:
        record = self.account.groups.get(group_id)
        return dict(record) if record is not None else None

    def group_members(self, group_id: int) -> list[dict[str, Any]] | None:
        """`/admin/groups/{id}/agents`: each member's id, scope, roles and name and email."""
        group = self.account.groups.get(group_id)
        if group is None:
            return None
        members = []
        for agent_id in group["agent_ids"]:
            record = self.account.agent(agent_id)
            if record is None:
                continue
            contact = record["contact"] if is_real(record) else record
            members.append(
                {
                    "id": record["id"],
                    "ticket_scope": record.get("ticket_scope"),
                    "role_ids": list(record.get("role_ids") or []),
                    "contact": {"name": display_name(record), "email": contact.get("email")},
                }
            )
        return sorted(members, key=lambda m: (str(m["contact"]["name"]).casefold(), m["id"]))

    def contacts(self, state: str | None) -> list[dict[str, Any]]:
        return self._cached(("contacts", state), lambda: self._contacts(state))

    def _contacts(self, state: str | None) -> list[dict[str, Any]]:
        def wanted(record: dict[str, Any]) -> bool:
            blocked = bool(record.get("blocked"))
            deleted = bool(record.get("deleted"))
            if state == "blocked":
                return blocked
            if state == "deleted":
                return deleted
            if blocked or deleted:
                return False
            if state == "verified":
                return record.get("active") is True
            if state == "unverified":
                return record.get("active") is False
            return True

        listed = [r for r in self.account.contacts.values() if wanted(r)]
        if self.quirks.contact_access == "detail":
            return sorted_by_name([contact_in_listing(r) for r in listed])
        return sorted_by_name([dict(r) for r in listed])

    def companies(self) -> list[dict[str, Any]]:
        return self._cached(("companies", None), self._companies)

    def _companies(self) -> list[dict[str, Any]]:
        return sorted_by_name([dict(r) for r in self.account.companies.values()])

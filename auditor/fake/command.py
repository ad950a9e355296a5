"""`auditor fake-freshdesk`: serve a snapshot directory as a fake Freshdesk until Ctrl-C."""

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from auditor.errors import UsageError
from auditor.fake.account import FakeAccount
from auditor.fake.quirks import Fault, FaultKind, PagingFaults, Quirks, Shape
from auditor.fake.server import FakeFreshdesk
from auditor.fake.tls import server_tls_context
from auditor.freshdesk.credentials import load_api_key
from auditor.sample import SAMPLE_SNAPSHOT

_KINDS: tuple[FaultKind, ...] = ("drop", "truncate", "malformed")


def parse_fault(text: str) -> Fault:
    """`status=503,path=/contacts,page=2,times=3` or `drop,request=5` -> a `Fault`."""
    kind: FaultKind | None = None
    status = 503
    fields: dict[str, str] = {}
    for token in (part.strip() for part in text.split(",") if part.strip()):
        name, _, value = token.partition("=")
        if name in _KINDS and not value:
            kind = name
        elif name == "status" and value.isdigit():
            kind, status = "status", int(value)
        elif name in ("path", "page", "request", "times") and value:
            fields[name] = value
        else:
            raise UsageError(f"--fault {text!r}: cannot read {token!r}.")
    if kind is None:
        raise UsageError(
            f"--fault {text!r} names no kind: start with status=NNN, drop, truncate or malformed."
        )
    try:
        return Fault(
            kind=kind,
            status=status,
            path=fields.get("path"),
            page=int(fields["page"]) if "page" in fields else None,
            request=int(fields["request"]) if "request" in fields else None,
            times=int(fields.get("times", "1")),
        )
    except ValueError:
        raise UsageError(f"--fault {text!r}: page, request and times must be numbers.") from None


# `--variant NAME[=VALUE]` -> the `Quirks` field it sets and the values it accepts
# (None: a number; an empty tuple: a flag without a value).
_VARIANTS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "contact-access": ("contact_access", ("detail", "listing")),
    "active-filter": ("active_filter", ("honoured", "rejected", "ignored")),
    "invitations-in-default-listing": ("invitations_in_default_listing", ()),
    "no-availability": ("availability", ()),
    "account": ("account_endpoint", ("served", "forbidden", "missing")),
    "account-counts-deactivated": ("account_counts_deactivated", ()),
    "account-count-offset": ("account_count_offset", None),
    "scim": ("scim_endpoint", ("served", "unauthorized", "forbidden", "missing")),
    "no-scim-groups": ("scim_groups", ()),
    "contacts-sub-limit": ("contacts_sub_limit", None),
    "tier-type": ("tier_type", ("Sprout", "Blossom", "Garden", "Estate", "Forest")),
}


def parse_variants(texts: tuple[str, ...]) -> dict[str, Any]:
    """`--variant` values -> `Quirks` fields, e.g. `active-filter=ignored`."""
    chosen: dict[str, Any] = {}
    for text in texts:
        name, _, value = text.strip().partition("=")
        if name not in _VARIANTS:
            raise UsageError(f"--variant {text!r}: unknown; choose one of {', '.join(_VARIANTS)}.")
        field, allowed = _VARIANTS[name]
        if allowed == ():
            if value:
                raise UsageError(f"--variant {name} takes no value.")
            chosen[field] = name not in ("no-availability", "no-scim-groups")
        elif allowed is None:
            try:
                chosen[field] = int(value)
            except ValueError:
                raise UsageError(f"--variant {name}=N needs a whole number.") from None
            if field == "contacts_sub_limit" and chosen[field] < 1:
                raise UsageError(f"--variant {name}=N needs at least 1 call per window.")
        elif value in allowed:
            chosen[field] = value
        else:
            raise UsageError(f"--variant {name} takes one of {', '.join(allowed)}, not {value!r}.")
    return chosen


def serve(
    *,
    port: int,
    data: Path | None,
    api_key_file: Path | None,
    shape: str,
    listing_memberships: str,
    group_agent_ids: str,
    admin_groups: bool,
    link_header: bool,
    retry_after: bool,
    rate_limit: int | None,
    rate_window: float,
    latency: float,
    faults: tuple[str, ...],
    replay_manifest: bool,
    paging: PagingFaults,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    variants: tuple[str, ...] = (),
) -> None:
    directory = data or SAMPLE_SNAPSHOT
    if not directory.is_dir():
        raise UsageError(
            f"{directory} does not exist. Pass --data with a snapshot directory (the output of "
            "`auditor collect`)."
        )
    if (tls_cert is None) != (tls_key is None):
        raise UsageError("--tls-cert and --tls-key go together: give both, or neither.")
    tls = server_tls_context(tls_cert, tls_key) if tls_cert and tls_key else None
    key = load_api_key(api_key_file)
    chosen_shape: Shape | None = None if shape == "stored" else shape  # type: ignore[assignment]
    quirks = Quirks(
        shape=chosen_shape,
        listing_memberships=_choice(listing_memberships),
        group_list_agent_ids=_choice(group_agent_ids),
        admin_groups=admin_groups,
        link_header=link_header,
        paging=paging,
        retry_after=retry_after,
        rate_limit=rate_limit,
        rate_window=rate_window,
        latency=latency,
        faults=tuple(parse_fault(text) for text in faults),
        replay_manifest=replay_manifest,
    )
    quirks = replace(quirks, **parse_variants(variants))
    account = FakeAccount.load(directory)
    server = FakeFreshdesk(account, api_key=key.reveal(), quirks=quirks, port=port, tls=tls)
    try:
        server.start()
    except OSError as error:
        raise UsageError(
            f"Cannot listen on 127.0.0.1:{port} ({error.strerror}); choose another --port."
        ) from None
    click.echo(
        f"Fake Freshdesk serving '{account.domain}' from {directory} at {server.base_url}\n"
        f"Collect it with: auditor collect --domain {account.domain} --base-url {server.url} "
        f"--out DIR{' --ca-bundle CA.pem' if tls else ''}  (FRESHDESK_API_KEY must hold the "
        "same key)\nCtrl-C stops it.",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.stop()


def _choice(value: str) -> bool | None:
    """`stored` -> None (as the snapshot has it), `with` -> True, `without` -> False."""
    return None if value == "stored" else value == "with"

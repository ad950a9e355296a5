"""Turn the command line's collect options into `CollectOptions`, checking each one."""

from pathlib import Path

from auditor.errors import UsageError
from auditor.freshdesk.client import freshdesk_proxy
from auditor.freshdesk.collector import CollectOptions
from auditor.freshdesk.credentials import load_api_key
from auditor.freshdesk.network import network_settings_from
from auditor.freshdesk.ratelimit import DEFAULT_WINDOW
from auditor.freshdesk.scim import ScimOptions, scim_target
from auditor.freshdesk.scim_token import load_scim_token
from auditor.freshdesk.target import resolve_target


def collect_options(
    *,
    domain: str,
    out: Path,
    base_url: str | None,
    api_key_file: Path | None,
    resume: bool,
    allow_partial: bool,
    max_rpm: int | None,
    budget_share: float,
    per_page: int,
    per_agent_memberships: bool = False,
    rate_window: float = DEFAULT_WINDOW,
    proxy: str | None = None,
    ca_bundle: Path | None = None,
    max_pages: int | None = None,
    scim_token_file: Path | None = None,
    scim_base_url: str | None = None,
) -> CollectOptions:
    target = resolve_target(domain, base_url)
    if not 0 < budget_share <= 1:
        raise UsageError(f"--budget-share {budget_share} must be above 0 and at most 1.")
    if max_rpm is not None and max_rpm < 1:
        raise UsageError(f"--max-rpm {max_rpm} must be at least 1.")
    if not 1 <= per_page <= 100:
        raise UsageError(f"--per-page {per_page} must be between 1 and 100 (Freshdesk's maximum).")
    network = network_settings_from(proxy=proxy, ca_bundle=ca_bundle)
    freshdesk_proxy(target, network)  # refuses a proxy for plain http before anything is written
    scim_token = load_scim_token(scim_token_file)
    scim_at = scim_target(target, scim_base_url)  # checked even without a token: a typo fails
    if scim_token is not None:
        freshdesk_proxy(scim_at, network)
    return CollectOptions(
        target=target,
        key=load_api_key(api_key_file),
        out=out,
        resume=resume,
        allow_partial=allow_partial,
        max_rpm=max_rpm,
        budget_share=budget_share,
        per_page=per_page,
        per_agent_memberships=per_agent_memberships,
        rate_window=rate_window,
        network=network,
        max_pages=max_pages,
        scim=ScimOptions(scim_token, scim_at) if scim_token is not None else None,
    )

"""`auditor verify`'s check that a snapshot manifest's record counts describe its files.

The hashes prove each data file is the one collected; the counts are what an auditor
reads as the population. A manifest claiming 999 agents over a file of 53 is evidence
that does not match, whatever the hashes say.
"""

from pathlib import Path
from typing import Any

from auditor.integrity.seal import Discrepancy, count_records, is_inside


def miscounted_collections(
    directory: Path, manifest: dict[str, Any], found: list[Discrepancy]
) -> list[Discrepancy]:
    """A discrepancy for each intact data file whose record count differs from the manifest's.

    Files already found altered, missing or linked are not counted again: their
    discrepancy says more. A collections table that is not a table of counts is one too.
    """
    collections = manifest.get("collections")
    if not isinstance(collections, dict):
        return [Discrepancy("manifest.json", "miscounted", "has no 'collections' table")]
    named = {d.path for d in found}
    miscounted = []
    for name, stats in sorted(collections.items()):
        file_name = stats.get("file") if isinstance(stats, dict) else None
        claimed = stats.get("records") if isinstance(stats, dict) else None
        if not isinstance(file_name, str) or type(claimed) is not int or not is_inside(file_name):
            miscounted.append(
                Discrepancy("manifest.json", "miscounted", f"collection {name!r} has no count")
            )
            continue
        miscounted += _miscounted_file(directory, file_name, claimed, named)
    return miscounted + _miscounted_scim(directory, manifest.get("scim"), named)


def _miscounted_scim(directory: Path, scim: Any, named: set[str]) -> list[Discrepancy]:
    """The SCIM users' and groups' files against the manifest's `scim` record, when kept."""
    if not isinstance(scim, dict):
        return []
    miscounted = []
    for file_key, count_key in (("users_file", "users"), ("groups_file", "groups")):
        file_name, claimed = scim.get(file_key), scim.get(count_key)
        if not isinstance(file_name, str) or not is_inside(file_name) or type(claimed) is not int:
            detail = f"the scim record has no {count_key} count"
            miscounted.append(Discrepancy("manifest.json", "miscounted", detail))
            continue
        miscounted += _miscounted_file(directory, file_name, claimed, named)
    return miscounted


def _miscounted_file(
    directory: Path, file_name: str, claimed: int, named: set[str]
) -> list[Discrepancy]:
    """The file's discrepancy when it holds another number of records than `claimed`; none
    for a file already named by another discrepancy, or missing (that one says more)."""
    path = directory / file_name
    if file_name in named or not path.is_file():
        return []
    held = count_records(path)
    if held == claimed:
        return []
    detail = f"holds {held} records, the manifest says {claimed}"
    return [Discrepancy(file_name, "miscounted", detail)]

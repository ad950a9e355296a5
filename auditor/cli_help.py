"""How `auditor --help` presents the commands: in the order of a review, each with an example.

Click lists commands alphabetically, which puts `analyze` before `collect` and `verify`
last but one; a newcomer reads the list top-down as the workflow. Each command's own
`--help` ends with its example, and the group's help lists them all.
"""

from typing import Any

import click

# The quarterly workflow, first to last; commands not named here follow, alphabetically.
WORKFLOW = (
    "demo",
    "collect",
    "analyze",
    "audit",
    "verify",
    "sign",
    "timestamp",
    "diff",
    "rules",
    "fake-freshdesk",
)
EXAMPLES = {
    "demo": "auditor demo --out reports/demo",
    "collect": "FRESHDESK_DOMAIN=acme auditor collect --out snapshots/2026-q3",
    "analyze": "auditor analyze snapshots/2026-q3 --policy policy.toml --out reports/q3",
    "audit": "auditor audit --domain acme --policy policy.toml --out reports/q3",
    "verify": "auditor verify reports/q3 --format json",
    "sign": "auditor sign reports/q3 --key ~/.ssh/id_ed25519",
    "timestamp": "auditor timestamp reports/q3 --tsa https://freetsa.org/tsr",
    "diff": "auditor diff snapshots/2026-q2 snapshots/2026-q3 --format json",
    "rules": "auditor rules --format json",
    "fake-freshdesk": "auditor fake-freshdesk --port 8080",
}


class WorkflowGroup(click.Group):
    """A click group that lists its commands in workflow order and shows their examples."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [name for name in WORKFLOW if name in self.commands]
        return known + sorted(name for name in self.commands if name not in WORKFLOW)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        example = EXAMPLES.get(name or cmd.name or "")
        if example and not cmd.epilog:
            cmd.epilog = f"Example:\n\n\b\n  {example}"

    def format_epilog(self, ctx: click.Context, formatter: Any) -> None:
        examples = [(name, EXAMPLES[name]) for name in self.list_commands(ctx) if name in EXAMPLES]
        with formatter.section("Examples, in workflow order"):
            # Written as they are typed: a wrapped command line could not be pasted.
            for _, example in examples:
                formatter.write(f"{'':>{formatter.current_indent}}{example}\n")
        super().format_epilog(ctx, formatter)

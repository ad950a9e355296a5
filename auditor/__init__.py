"""Freshdesk access auditor: who can do what in a Freshdesk helpdesk, as audit evidence."""

__version__ = "0.1.0"
TOOL_NAME = "freshdesk-access-auditor"

"""Where a fix is made in Freshdesk's admin UI, named once for every rule's remediation.

Freshdesk moves its menus from time to time; when it does, this is the one place to change.
"""

AGENTS_PAGE = "Admin > Team > Agents"
GROUPS_PAGE = "Admin > Team > Groups"
ROLES_PAGE = "Admin > Team > Roles"

"""The roles tests iterate over, and the expected answers for allowed and refused requests."""

from __future__ import annotations

from shrhub.roles import Role

ANONYMOUS = "anonymous"
ROLES: list[str] = [Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.INTEGRATION, Role.ADMINISTRATOR]
EVERYONE: list[str] = [ANONYMOUS, *ROLES]
PAGE_READERS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})
API_READERS = frozenset(
    {Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.INTEGRATION, Role.ADMINISTRATOR}
)

"""Users, roles with scopes, sign-in, API tokens, CSRF and the permission policy.

``policy`` holds the decisions (pure, no web or database imports); ``models`` the tables;
``service`` the database side (users, grants, tokens, sessions, throttling); ``guard`` the one
seam through which every registry write passes.
"""

# the flush guard is installed whenever anything of auth is imported (orken.db refuses writes until it is)
from orken.auth import guard as _guard  # noqa: E402,F401

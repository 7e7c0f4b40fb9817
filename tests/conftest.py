"""Fixture wiring only: the fixtures themselves live in tests/support/."""

pytest_plugins = [
    "support.servers",
    "support.databases",
]

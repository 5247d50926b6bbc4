"""Test plumbing shared by the apps: personas and the permission-table helpers.

Each app may keep its rows of the role × endpoint table in
``thidua/<app>/tests/permission_rows.py`` (dicts ``TABLE``, ``QUERY``, ``API_WRITES``,
``API_WRITE_METHODS``, any of them); ``tests/test_permissions.py`` merges them and
checks the whole table against the URL resolver.
"""

import importlib

from django.apps import apps

PERSONAS = (
    "superuser",
    "province_admin",
    "block_secretary",
    "unit_officer",
    "leader",
    "viewer",
    "outsider",
    "anonymous",
)
SU, PA, BS, UO, LE, VI, OU, AN = PERSONAS
AUTHED = (SU, PA, BS, UO, LE, VI, OU)


def expect(default, **by_persona):
    """Expected status per persona: ``default`` unless named."""
    table = dict.fromkeys(PERSONAS, default)
    for persona, status in by_persona.items():
        table[persona] = status
    return table


def page(ok_for, *, denied=403, hidden_for=(), anon=302, ok=200):
    """A page: ``ok`` for the personas in ``ok_for``, 404 for ``hidden_for``."""
    table = {p: (ok if p in ok_for else denied) for p in AUTHED}
    table.update(dict.fromkeys(hidden_for, 404))
    table[AN] = anon
    return table


def api(ok_for, *, denied=403, hidden_for=(), ok=200):
    return page(ok_for, denied=denied, hidden_for=hidden_for, anon=401, ok=ok)


def app_rows() -> dict[str, dict]:
    merged: dict[str, dict] = {
        "TABLE": {},
        "QUERY": {},
        "API_WRITES": {},
        "API_WRITE_METHODS": {},
    }
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permission_rows")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith("permission_rows"):
                continue
            raise
        for key, rows in merged.items():
            rows.update(getattr(module, key, {}))
    return merged

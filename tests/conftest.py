"""Test-wide set-up: offscreen Qt, an isolated keyring and data directory, and the server fixtures."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_data = tempfile.mkdtemp(prefix="youdu-test-data-")
os.environ["XDG_DATA_HOME"] = _data
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
os.environ.pop("YOUDU_DB", None)
os.environ.pop("YOUDU_ADMIN", None)
os.environ.pop("YOUDU_ADMIN_PASSWORD", None)
os.environ["YOUDU_LANG"] = "en"

pytest_plugins = ["tests.fixtures.dbservers", "tests.fixtures.core", "tests.fixtures.ldapservers", "tests.fixtures.secured"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest test modules first. `scripts/test` runs the whole suite on every core with pytest-xdist
    (`--dist loadfile`: a module stays on one worker, so its module-scoped fixtures — a built bundle, a
    populated server database — are made once), and a long module started last would leave one worker
    running it alone while the other idles. (`--dist loadgroup` cannot be used: pytest-xdist 3.8 marks groups
    on an attribute pytest 9.2 no longer reads.)"""
    first = ("tests/packaging/", "tests/integration/test_ldap_samba.py", "tests/integration/test_ldap_leavers.py",
             "tests/unit/test_static.py", "tests/gui/test_screenshot.py")

    def rank(item: pytest.Item) -> int:
        return next((n for n, head in enumerate(first) if item.nodeid.startswith(head)), len(first))

    items.sort(key=rank)  # stable: within a rank, the collection order

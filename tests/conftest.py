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
    """Under pytest-xdist (`scripts/test` runs the whole suite on every core, `--dist loadgroup`) a module's
    tests stay on one worker, so its module-scoped fixtures (a built bundle, a populated server database) are
    made once; the tests that need the Samba AD domain controller share one worker, so one domain is
    provisioned per run rather than one per worker."""
    # The longest units first, so that no worker is left with one at the end while the other idles.
    first = ("tests/packaging/", "samba", "tests/unit/test_static.py", "tests/gui/test_screenshot.py")

    def rank(item: pytest.Item) -> int:
        group = _group(item)
        return next((n for n, head in enumerate(first) if group.startswith(head)), len(first))

    items.sort(key=rank)  # stable: within a rank, the collection order
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))


def _group(item: pytest.Item) -> str:
    return "samba" if "samba_ad" in getattr(item, "fixturenames", ()) else item.nodeid.split("::", 1)[0]


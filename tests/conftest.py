"""Test-wide set-up: offscreen Qt, an isolated keyring and data directory, and the server fixtures."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_data = tempfile.mkdtemp(prefix="youdu-test-data-")
os.environ["XDG_DATA_HOME"] = _data
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
os.environ.pop("YOUDU_DB", None)
os.environ.pop("YOUDU_ADMIN", None)
os.environ.pop("YOUDU_ADMIN_PASSWORD", None)
os.environ["YOUDU_LANG"] = "en"

pytest_plugins = ["tests.fixtures.dbservers", "tests.fixtures.core", "tests.fixtures.ldapservers", "tests.fixtures.secured"]

"""Window tests (pytest-qt, offscreen); tests.gui.support is their fixture plugin."""

import pytest

# Test modules import helpers from the plugin before pytest loads it: have its asserts rewritten anyway.
pytest.register_assert_rewrite("tests.gui.support")

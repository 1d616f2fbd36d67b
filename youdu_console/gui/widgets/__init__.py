"""Reusable parts of panels (the department pane, the member pane)."""

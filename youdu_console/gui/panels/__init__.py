"""Panels, one module per manual menu page; each registers itself in the registry."""

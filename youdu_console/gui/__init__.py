"""The PySide6 console window (the only package besides cli/gui.py that imports Qt)."""

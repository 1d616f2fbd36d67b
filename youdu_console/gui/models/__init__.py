"""Item models of the window: custom models over plain Python rows (never QStandardItemModel)."""

"""Dialogs: connection, login, member editor, change-set preview, pickers."""

"""Modules generated from ../../../ui/*.ui by scripts/build-forms — do not edit."""

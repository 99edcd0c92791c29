"""Hostile inputs, one module per class of attack (see issue 12 and the README)."""

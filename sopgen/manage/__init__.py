"""The owners' commands besides validate and build: init, new, review and diff."""

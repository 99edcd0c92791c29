"""Load and validate: YAML with positions, the JSON Schemas, cross-file rules, then the model."""

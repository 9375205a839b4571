"""Button and input handlers, one module per feature; each registers its actions by name on import."""

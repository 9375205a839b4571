"""Data for windows, one module per feature; each registers its getters by name on import."""

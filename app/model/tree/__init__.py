"""The scene tree: slots, components, changes, observers, stable ids, users."""

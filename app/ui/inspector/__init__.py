"""The inspector column and the hierarchy: slots, component cards, field editors, Attach Component."""

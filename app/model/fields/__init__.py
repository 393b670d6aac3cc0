"""Field types: scalars, lists and pairs, message templates, hex bytes."""

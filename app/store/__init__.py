"""Scene and settings files. Imports the model only."""

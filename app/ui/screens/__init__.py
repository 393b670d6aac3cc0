"""The app's two screens: the live inspector, and the read-only recording viewer."""

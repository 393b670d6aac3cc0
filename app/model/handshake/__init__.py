"""The WebsocketHandshake component: its fields and their checks."""

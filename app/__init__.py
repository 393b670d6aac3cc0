"""WebSocket Inspector: Resonite's Scene Inspector and WebsocketClient, in a terminal."""

__version__ = "0.1.0"

"""WebSocket servers of ours: the runner, the demo server, a recording served as a mock."""

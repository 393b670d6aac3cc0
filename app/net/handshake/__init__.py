"""What a WebsocketHandshake does to its client's handshake, and the exchange as events keep it."""

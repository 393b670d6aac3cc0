"""One client's connection: the worker (state machine), one attempt, options, the socket's
bookkeeping, control frames."""

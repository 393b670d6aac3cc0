"""The log: events, the bounded ring, the filter, statistics, recordings out and back in, and a
headless log window. No Textual and no websockets here: tools and tests use it without a terminal."""

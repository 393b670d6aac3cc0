"""Small widgets every feature folder uses: inputs that draw control characters safely and say when a
value is cut, and one-line texts redrawn without a screen layout."""

"""The ProtoFlux behaviour components (Send on connect, ...): their fields and checks."""

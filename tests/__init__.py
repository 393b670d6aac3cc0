"""The test suite: unit, net (real loopback servers), ui (Pilot), snapshots, robustness, cli."""

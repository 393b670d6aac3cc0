"""Helpers shared by the tests: loopback servers, scenes and clients, waiting, the app under Pilot."""

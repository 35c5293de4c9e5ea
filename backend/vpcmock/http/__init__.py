"""The HTTP layer: parses requests, calls the engine, serializes responses."""

"""The domain engine: plain Python, no Flask, the clock passed in."""

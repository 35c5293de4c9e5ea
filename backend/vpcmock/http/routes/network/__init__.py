"""Routes of the network: /keys."""

"""Routes of the platform: the region catalogue, Global Tagging, and stored resources."""

"""Declarations (the IBM schema plus what is written by hand) of the platform: user tags, and every other IBM type as a stored resource."""

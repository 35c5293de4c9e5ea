"""Declarations (the IBM schema plus what is written by hand) of file storage: shares."""

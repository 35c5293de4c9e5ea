"""One module per resource and data source type, each exporting ``DECLARATION``."""

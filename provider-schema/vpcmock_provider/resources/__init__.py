"""One module per resource and data source type: how its HCL state maps to API calls."""

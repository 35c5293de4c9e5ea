"""Activity Tracker Event Routing: the account's targets, routes and settings (served from the
``atracker`` API table by the generic engine, with the rules of ``config``), and the delivery of
the mock's activity events to the COS buckets of the targets the routes select (``delivery``, in
the format of ``cos_format``)."""

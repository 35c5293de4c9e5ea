"""The engine's core: the simulated clock, the agenda of what falls due, the event loop
that runs it, the operation context, listings and reference shapes."""

"""The generic engine's shapes of the platform tables beyond collections: items keyed by a
path parameter and singletons, versioned templates and their assignments, actions on an item."""

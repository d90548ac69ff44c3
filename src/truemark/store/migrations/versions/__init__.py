"""Migration scripts, oldest first; the package marker makes them ship with a wheel."""

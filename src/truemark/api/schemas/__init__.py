"""Request and response schemas per resource: ``XCreate`` / ``XUpdate`` in, ``XPublic`` out."""

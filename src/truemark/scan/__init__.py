"""The batch scan: a pure function of (batch, catalog, indexes, policy), run locally or in a pool."""

"""The batch scan: a pure function of (batch, catalog, indexes, policy), local or in a pool."""

"""The DuckDB engine of ``truemark networks``: the same networks for inputs larger than memory.

The inputs are read once, batch by batch, through the usual validation (bad rows to quarantine)
and identifier normalization, into narrow Parquet files in a work folder; DuckDB then generates
the evidence, weighs it by rarity and aggregates it per pair of sellers under its memory limit,
spilling to disk. Only the links (and the graph built from them) are held in memory.
"""

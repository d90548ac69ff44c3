"""The labelled demo marketplace: brands, sellers, rackets, listings, photos and ground truth."""

from truemark.simulate.marketplace import SimulationSummary, simulate_marketplace

__all__ = ["SimulationSummary", "simulate_marketplace"]

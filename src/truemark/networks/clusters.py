"""Cluster linked sellers into networks: connected components, split when implausibly large.

A component larger than ``split_above`` accounts is more likely two operations joined by a stray
link than one racket, so it is split by Leiden community detection on the evidence weights.
Network ids are stable: named after the smallest seller id of the network.
"""

from __future__ import annotations

import igraph as ig
import polars as pl


def network_ids(smallest_member: pl.Expr) -> pl.Expr:
    """A stable id for each network, named after its smallest seller id."""
    return pl.lit("net-") + smallest_member


def _membership(graph: ig.Graph, split_above: int) -> list[int]:
    """Cluster label per vertex: components, with oversized ones split by Leiden."""
    labels = graph.connected_components().membership
    next_label = max(labels, default=-1) + 1
    sizes: dict[int, list[int]] = {}
    for vertex, label in enumerate(labels):
        sizes.setdefault(label, []).append(vertex)
    for vertices in sizes.values():
        if len(vertices) <= split_above:
            continue
        sub = graph.subgraph(vertices)
        parts = sub.community_leiden(
            objective_function="modularity", weights="bits", n_iterations=-1
        ).membership
        for local, part in enumerate(parts):
            labels[vertices[local]] = next_label + part
        next_label += max(parts) + 1
    return labels


def cluster(sellers: pl.Series, links: pl.DataFrame, split_above: int = 60) -> pl.DataFrame:
    """seller_id, network_id, network_size for every seller (singletons are networks of one)."""
    vertices = sellers.unique().sort().to_frame("seller_id").with_row_index("vertex")
    graph = ig.Graph(n=vertices.height)
    if links.height:
        ends = links.select("seller_a", "seller_b", "bits")
        for side in ("seller_a", "seller_b"):
            named = vertices.rename({"seller_id": side, "vertex": f"{side}_vertex"})
            ends = ends.join(named, on=side)
        graph.add_edges(ends.select("seller_a_vertex", "seller_b_vertex").rows())
        graph.es["bits"] = ends["bits"].to_list()
    members = vertices.with_columns(pl.Series("label", _membership(graph, split_above)))
    named = members.group_by("label").agg(
        pl.col("seller_id").min().alias("smallest"), pl.len().alias("network_size")
    )
    named = named.with_columns(network_ids(pl.col("smallest")).alias("network_id"))
    return members.join(named, on="label").select("seller_id", "network_id", "network_size")

"""Cluster linked sellers into networks: connected components, split when implausibly large.

A component larger than ``split_above`` accounts is more likely two operations joined by a stray
link than one racket, so it is split by Leiden community detection on the evidence weights.
Network ids are stable: derived from the smallest seller id of the network.
"""

from __future__ import annotations

import hashlib

import igraph as ig
import polars as pl


def network_id(smallest_member: str) -> str:
    """A stable id for the network whose smallest seller id is ``smallest_member``."""
    return "net-" + hashlib.sha1(smallest_member.encode()).hexdigest()[:12]


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
    ids = sellers.unique().sort()
    index = {seller: i for i, seller in enumerate(ids.to_list())}
    graph = ig.Graph(n=len(index))
    if links.height:
        pairs = zip(links["seller_a"].to_list(), links["seller_b"].to_list(), strict=True)
        graph.add_edges([(index[a], index[b]) for a, b in pairs])
        graph.es["bits"] = links["bits"].to_list()
    labels = _membership(graph, split_above)
    members = pl.DataFrame({"seller_id": ids, "label": labels})
    named = members.group_by("label").agg(
        pl.col("seller_id").min().alias("smallest"), pl.len().alias("network_size")
    )
    named = named.with_columns(
        pl.col("smallest").map_elements(network_id, return_dtype=pl.String).alias("network_id")
    )
    return members.join(named, on="label").select("seller_id", "network_id", "network_size")

"""Cluster linked sellers into networks: connected components, split when implausibly large.

A component larger than ``split_above`` accounts is more likely two operations joined by a stray
link than one racket, so it is split by Leiden community detection on the evidence weights
(seeded, so the same links always give the same networks). Network ids are stable: named after
the smallest seller id of the network. Only linked sellers enter the graph; every other seller
is a network of one, so the links alone decide the clustering.
"""

from __future__ import annotations

import random

import igraph as ig
import polars as pl

LEIDEN_SEED = 2024


def network_ids(smallest_member: pl.Expr) -> pl.Expr:
    """A stable id for each network, named after its smallest seller id."""
    return pl.lit("net-") + smallest_member


def singletons(sellers: pl.Series) -> pl.DataFrame:
    """seller_id, network_id, network_size of sellers that are networks of one."""
    frame = sellers.cast(pl.String).alias("seller_id").to_frame()
    return frame.select(
        "seller_id",
        network_ids(pl.col("seller_id")).alias("network_id"),
        pl.lit(1, pl.UInt32).alias("network_size"),
    )


def _split(graph: ig.Graph, vertices: list[int]) -> list[int]:
    """Leiden communities of one oversized component, local to ``vertices``."""
    sub = graph.induced_subgraph(vertices, implementation="create_from_scratch")
    return list(
        sub.community_leiden(
            objective_function="modularity", weights="bits", n_iterations=-1
        ).membership
    )


def _membership(graph: ig.Graph, split_above: int) -> list[int]:
    """Cluster label per vertex: components, with oversized ones split by Leiden."""
    labels = graph.connected_components().membership
    next_label = max(labels, default=-1) + 1
    sizes: dict[int, list[int]] = {}
    for vertex, label in enumerate(labels):
        sizes.setdefault(label, []).append(vertex)
    ig.set_random_number_generator(random.Random(LEIDEN_SEED))
    try:
        for vertices in sizes.values():
            if len(vertices) <= split_above:
                continue
            parts = _split(graph, vertices)
            for local, part in enumerate(parts):
                labels[vertices[local]] = next_label + part
            next_label += max(parts) + 1
    finally:
        ig.set_random_number_generator(random)
    return labels


def _linked(links: pl.DataFrame, split_above: int) -> pl.DataFrame:
    """seller_id, network_id, network_size of every seller that has a link."""
    ends = pl.concat([links["seller_a"], links["seller_b"]]).unique().sort()
    vertices = ends.alias("seller_id").to_frame().with_row_index("vertex")
    edges = links.select("seller_a", "seller_b", "bits")
    for side in ("seller_a", "seller_b"):
        named = vertices.rename({"seller_id": side, "vertex": f"{side}_vertex"})
        edges = edges.join(named, on=side, maintain_order="left")
    graph = ig.Graph(n=vertices.height)
    graph.add_edges(edges.select("seller_a_vertex", "seller_b_vertex").rows())
    graph.es["bits"] = edges["bits"].to_list()
    members = vertices.with_columns(pl.Series("label", _membership(graph, split_above)))
    named = members.group_by("label").agg(
        pl.col("seller_id").min().alias("smallest"), pl.len().alias("network_size")
    )
    named = named.with_columns(network_ids(pl.col("smallest")).alias("network_id"))
    return members.join(named, on="label", maintain_order="left").select(
        "seller_id", "network_id", "network_size"
    )


def cluster(sellers: pl.Series, links: pl.DataFrame, split_above: int = 60) -> pl.DataFrame:
    """seller_id, network_id, network_size for every seller (singletons are networks of one).

    ``links`` (seller_a < seller_b, bits) in (seller_a, seller_b) order, as ``pair_links`` gives
    them; the linked sellers come first, in seller order, then the networks of one.
    """
    linked = _linked(links, split_above)
    everyone = sellers.cast(pl.String).unique().sort()
    alone = everyone.filter(~everyone.is_in(linked["seller_id"].implode()))
    return pl.concat([linked, singletons(alone)])

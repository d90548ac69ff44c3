"""Counterfeit rackets: how many accounts each runs, and how those accounts share identities.

Accounts of one racket share attributes messily and in a chain: account j copies one attribute
of an earlier account, a different attribute each time, so the racket is connected while no
single attribute value (for rackets of three or more) is shared by all of its accounts.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

SHARED_ATTRIBUTES = ("phone", "email", "payment_account", "address", "device_id", "ip")
MAX_RACKET = 50


def racket_sizes(rng: np.random.Generator, accounts: int) -> list[int]:
    """Sizes (2-50, most small, a few large) that add up to ``accounts`` (at least 2)."""
    sizes: list[int] = []
    left = accounts
    while left >= 2:
        size = int(np.clip(round(rng.lognormal(np.log(4.0), 0.85)), 2, MAX_RACKET))
        size = min(size, left)
        if left - size == 1:
            size += 1
        sizes.append(size)
        left -= size
    return sizes


def link_racket(
    rng: np.random.Generator,
    members: np.ndarray,
    source: dict[str, np.ndarray],
    used: dict[str, np.ndarray],
) -> None:
    """Make the accounts ``members`` share attributes in a chain (edits ``source`` in place).

    ``source[attr][i]`` is the account whose canonical value account i writes down;
    ``used[attr][i]`` marks values that carry a link (they are never replaced by garbage).
    """
    size = len(members)
    holders: Counter[tuple[str, int]] = Counter(
        (a, int(source[a][m])) for a in SHARED_ATTRIBUTES for m in members
    )
    extra = [(j, int(rng.integers(j))) for j in range(1, size) if rng.random() < 0.3]
    chain = [(j, j - 1 if rng.random() < 0.6 else int(rng.integers(j))) for j in range(1, size)]
    for j, parent in chain + extra:
        child, origin = int(members[j]), int(members[parent])
        for attribute in rng.permutation(SHARED_ATTRIBUTES):
            value = int(source[attribute][origin])
            if source[attribute][child] == value or used[attribute][child]:
                continue  # never overwrite a value that already carries a link
            if size >= 3 and holders[(attribute, value)] + 1 >= size:
                continue
            holders[(attribute, int(source[attribute][child]))] -= 1
            holders[(attribute, value)] += 1
            source[attribute][child] = value
            used[attribute][child] = used[attribute][origin] = True
            break

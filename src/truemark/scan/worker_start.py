"""What the fork server loads once for every worker it forks, and no other process imports
(:data:`truemark.scan.fork_server.WORKER_MODULES`): the Hyperscan match handler, whose loading
starts numba's compiler (~0.7 s). Started here, each worker forked afterwards has it; the main
process, which scans nothing, never starts it."""

from __future__ import annotations

from truemark.index import libhs

if libhs.available():
    libhs.match_handler()

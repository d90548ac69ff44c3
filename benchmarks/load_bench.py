"""Bounded load test on loopback: `truemark serve` on PostgreSQL with demo data, driven at a fixed
rate (default 300 requests/s for 60 s) on the serial verify endpoint and the queue pages.

Set-up, all with the CLI on a fresh PostgreSQL schema (dropped at the end): migrate, simulate N
listings, import the catalog and sellers, scan, import the cases, an operator API key, a serial
signing key and 500 codes. The load is open-loop (request i leaves at i / rate whatever came back
before), at most 18,000 requests, each with a 5 s timeout, to 127.0.0.1 only. Reported: p50, p99,
max and errors (non-2xx or no answer), overall and per endpoint; the target is p99 <= 50 ms and
0 errors. The serial endpoint's per-client rate limit is raised for the run (one client here).

    .venv/bin/python benchmarks/load_bench.py [--rate 300] [--seconds 60] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
import polars as pl
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

TRUEMARK = str(Path(sys.executable).with_name("truemark"))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([TRUEMARK, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"truemark {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env: dict[str, str], folder: Path, listings: int) -> tuple[str, list[str]]:
    """Demo data in the database; the operator's API key and some serial codes."""
    market = folder / "market"
    cli(env, "db", "upgrade")
    cli(env, "simulate", "--out", str(market), "--listings", str(listings), "--images", "0")
    cli(env, "catalog", "import", str(market / "catalog.yaml"))
    cli(env, "sellers", "import", str(market / "sellers.parquet"))
    results = folder / "results.parquet"
    cli(env, "scan", "--catalog", str(market / "catalog.yaml"), "--listings",
        str(market / "listings.parquet"), "--sellers", str(market / "sellers.parquet"),
        "--out", str(results))
    cli(env, "cases", "import", str(results), "--listings", str(market / "listings.parquet"))
    cli(env, "orgs", "create", "Load Marketplace", "--kind", "operator", "--slug", "load-ops")
    key = cli(env, "keys", "issue", "--org", "load-ops", "--name", "load", "--role", "reviewer")
    secret = key.strip().splitlines()[-1].strip()
    catalog = json.loads(cli(env, "catalog", "validate", str(market / "catalog.yaml"), "--json"))
    brand, sku = catalog["brand"], catalog["sku"]
    cli(env, "serial", "keys", "create", "--brand", brand)
    codes_dir = folder / "codes"
    cli(env, "serial", "issue", "--brand", brand, "--sku", sku, "--count", "500",
        "--out", str(codes_dir), "--no-images")
    codes = pl.read_csv(codes_dir / "codes.csv")["code"].to_list()
    return secret, codes

"""Serial codes: signed/s and verified/s on one core, and latency of the online verify endpoint.

    .venv/bin/python benchmarks/serial_bench.py [--codes 20000] [--requests 4000] [--threads 8]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Part 1 pins the process to one CPU core and signs then verifies (parse + check + signature)
``--codes`` codes, against a baseline of bare Ed25519 sign/verify of the same bytes measured in
the same run (the ratio is truemark's overhead). Part 2 migrates a fresh database (SQLite file by
default), issues codes, starts uvicorn on 127.0.0.1 in a subprocess and drives POST
/api/serial/verify from a thread pool with a bounded number of requests (genuine codes plus 10 %
mistyped ones), then reports p50/p99 and throughput. Targets: >= 10,000 codes/s each way.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from truemark.catalog import Brand, Catalog, Product
from truemark.serial.codec import CodeFields, parse, signed_message, sku_tag
from truemark.serial.keys import KeyVault
from truemark.serial.signing import sign_code, signature_holds
from truemark.store import Store, make_engine, upgrade


def _rate(label: str, count: int, run: Callable[[], object]) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {label:<34} {count / wall:>10,.0f}/s wall  {count / cpu:>10,.0f}/s cpu")
    return count / cpu


def one_core(count: int) -> None:
    """Codes signed and verified per second on one pinned core, with the bare-Ed25519 baseline."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    vault = KeyVault("bench")
    new = vault.generate()
    private = vault.open(new.key_id, new.sealed_private_key)
    public = private.public_key()
    fields = [CodeFields(new.key_id, sku_tag("b", "s"), 1, n) for n in range(count)]
    payloads = [signed_message(f.payload()) for f in fields]
    codes: list[str] = []
    print(f"one core, {count:,} codes:")
    base_sign = _rate("baseline Ed25519 sign", count, lambda: [private.sign(p) for p in payloads])
    signs = _rate(
        "truemark codes signed", count, lambda: codes.extend(sign_code(private, f) for f in fields)
    )
    sigs = [private.sign(p) for p in payloads]
    base_verify = _rate(
        "baseline Ed25519 verify",
        count,
        lambda: [public.verify(s, p) for s, p in zip(sigs, payloads, strict=True)],
    )
    verifies = _rate(
        "truemark codes verified", count, lambda: [signature_holds(public, parse(c)) for c in codes]
    )
    print(f"  time per code vs bare Ed25519: sign x{base_sign / signs:.2f}, "
          f"verify x{base_verify / verifies:.2f}")  # fmt: skip
    for label, rate in (("sign", signs), ("verify", verifies)):
        print(f"  target >= 10,000/s {label}: {'met' if rate >= 10_000 else 'NOT met'}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepared_database(url: str, codes: int, out: Path) -> list[str]:
    """Migrate, import one brand, create a key and issue ``codes`` codes; return them."""
    from truemark.serial.issue import issue_codes
    from truemark.serial.keyring import create_key

    upgrade(url)
    store = Store.from_url(url)
    product = Product(
        sku="BENCH-1",
        name="Bench bag",
        category="bags",
        msrp=1.0,
        currency="USD",
        msrp_usd=1.0,
        images=(),
    )
    brand = Brand(
        id="benchbrand",
        name="Bench",
        owner="Bench Owner",
        aliases=(),
        trademarks=(),
        authorized_sellers=frozenset(),
        products=(product,),
    )
    with store.unit_of_work() as work:
        work.catalog.import_catalog(
            Catalog(version=1, fx_to_usd={"USD": 1.0}, brands=(brand,), source=None)
        )
    vault = KeyVault(os.environ["TRUEMARK_SECRET_KEY"])
    create_key(store, vault, "benchbrand")
    issue_codes(store, vault, "benchbrand", "BENCH-1", codes, out, images=False)
    store.close()
    return [line.split(",")[5] for line in (out / "codes.csv").read_text().splitlines()[1:]]


@contextmanager
def _bench_database(base_url: str, folder: Path) -> Iterator[str]:
    """A SQLite file in ``folder``, or a new PostgreSQL schema dropped afterwards."""
    if not base_url:
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    schema = f"serial_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            make_url(base_url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def endpoint(base_url: str, requests: int, threads: int) -> None:
    """p50/p99 of POST /api/serial/verify over loopback under a bounded load."""
    with tempfile.TemporaryDirectory() as folder, _bench_database(base_url, Path(folder)) as url:
        env = {
            **os.environ,
            "TRUEMARK_DATABASE_URL": url,
            "TRUEMARK_SECRET_KEY": "bench-secret",
            "TRUEMARK_SERIAL_RATE_PER_SECOND": "1000000",
            "TRUEMARK_SERIAL_BURST": "1000000",
        }
        os.environ.update(env)
        codes = _prepared_database(url, max(1, requests // 2), Path(folder))
        bodies = [
            {"code": code if n % 10 else _mistyped(code)} for n, code in enumerate(codes * 2)
        ][:requests]
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "truemark.api.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            _wait_until_up(port)
            latencies = _drive(f"http://127.0.0.1:{port}/api/serial/verify", bodies, threads)
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()
    p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99) - 1]
    backend = base_url.split(":")[0] if base_url else "sqlite"
    print(f"online verify, {len(latencies):,} requests from {threads} threads ({backend}):")
    mean = statistics.fmean(latencies)
    print(f"  p50 {p50 * 1000:.1f} ms  p99 {p99 * 1000:.1f} ms  mean {mean * 1000:.1f} ms")


def _mistyped(code: str) -> str:
    return code[:60] + ("1" if code[60] == "0" else "0") + code[61:]


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("uvicorn did not start within 60 s")


def _drive(address: str, bodies: list[dict[str, str]], threads: int) -> list[float]:
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=threads)) as client:

        def one(body: dict[str, str]) -> float:
            start = time.perf_counter()
            answer = client.post(address, json=body)
            if answer.status_code != 200:
                raise SystemExit(f"unexpected {answer.status_code}: {answer.text[:200]}")
            return time.perf_counter() - start

        for body in bodies[:50]:
            one(body)  # warm up connections and caches
        wall = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            latencies = list(pool.map(one, bodies))
        wall = time.perf_counter() - wall
    print(f"  throughput {len(bodies) / wall:,.0f} requests/s")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=4_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    endpoint(args.database_url, args.requests, args.threads)  # before pinning: server has all cores
    one_core(args.codes)


if __name__ == "__main__":
    main()

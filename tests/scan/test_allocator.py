"""Allocator settings of scan processes: what workers get, what a user's setting keeps."""

from __future__ import annotations

import os
import platform

import pytest

from truemark.scan import allocator, fork_server


def test_workers_keep_freed_memory_after_polars_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setenv("_RJEM_MALLOC_CONF", allocator.POLARS_JEMALLOC_CONF)
    variables = allocator.worker_environment()
    assert variables["GLIBC_TUNABLES"] == (
        "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
    )
    # jemalloc reads pairs in order: ours come last and win over polars' defaults
    jemalloc = variables["_RJEM_MALLOC_CONF"].split(",")
    assert jemalloc[-2:] == ["dirty_decay_ms:-1", "muzzy_decay_ms:-1"]
    assert jemalloc[:2] == ["dirty_decay_ms:500", "muzzy_decay_ms:1000"]


def test_a_users_own_settings_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "background_thread:true")
    assert allocator.worker_environment() == {}
    assert allocator.keep_freed_memory() is False  # the user chose glibc's settings


def test_pool_workers_start_with_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    before = dict(os.environ)
    with fork_server.in_worker_environment():
        inside = dict(os.environ)
    assert inside["GLIBC_TUNABLES"] == allocator.GLIBC_TUNABLES
    assert inside["_RJEM_MALLOC_CONF"] == allocator.JEMALLOC_CONF
    assert inside["POLARS_MAX_THREADS"] == "1"
    assert dict(os.environ) == before  # put back on the way out


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_this_process_can_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    assert allocator.keep_freed_memory() is True

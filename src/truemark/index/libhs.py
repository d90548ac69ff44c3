"""Hyperscan through the system's ``libhs`` (Debian's ``libhyperscan5``), with a compiled match
handler.

The ``hyperscan`` wheel links its library statically and calls a Python function for every
match: about half of a text scan's time goes to those calls. Here ``hs_scan`` is called through
ctypes with a numba ``cfunc`` as the handler, which writes (pattern, start, end) into a numpy
buffer, so no Python runs per match. The same patterns and flags on the same Hyperscan series
(5.4; the wheel bundles a later 5.4 release) give the same matches in the same order, which the
tests check. Where ``libhs.so.5`` is absent, :func:`available` is false and callers use the
wheel.

All numba functions live in this one module: numba's on-disk cache is invalidated by the
module's own file only.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Sequence
from functools import cache

import numpy as np
from numba import carray, cfunc, types

from truemark.errors import InputError

ENGINE_VARIABLE = "TRUEMARK_HYPERSCAN"  # "system" (libhs, the default where present) or "wheel"
_LIBRARY = "libhs.so.5"
_MODE_BLOCK = 1
_SUCCESS = 0
_HEADER = 2  # the match buffer starts with: matches found so far, room for matches
_FIRST_ROOM = 1 << 16
_LONGEST_SCAN = (1 << 32) - 1  # hs_scan takes the length as an unsigned int


class _CompileError(ctypes.Structure):
    _fields_ = [("message", ctypes.c_char_p), ("expression", ctypes.c_int)]


def _on_match(pattern, start, end, _flags, context):  # type: ignore[no-untyped-def]  # numba
    """Hyperscan's match handler: append (pattern, start, end) while there is room, count all."""
    header = carray(context, _HEADER, np.int64)
    found, room = header[0], header[1]
    if found < room:
        slots = carray(context, _HEADER + 3 * room, np.int64)
        slots[_HEADER + 3 * found] = pattern
        slots[_HEADER + 3 * found + 1] = start
        slots[_HEADER + 3 * found + 2] = end
    header[0] = found + 1
    return 0  # go on scanning


@cache
def match_handler() -> int:
    """The address of :func:`_on_match` compiled as a C callback (loaded from numba's cache).
    Made on the first scan, not on import: the first numba function a process loads starts
    numba's compiler (~0.7 s). A pool's fork server makes it once for all its workers
    (:mod:`truemark.scan.worker_start`)."""
    arguments = (types.uintc, types.ulonglong, types.ulonglong, types.uintc, types.voidptr)
    address = cfunc(types.intc(*arguments), cache=True)(_on_match).address
    assert address is not None, "numba gives a compiled C callback an address"
    return address


def _bind(library: ctypes.CDLL) -> ctypes.CDLL:
    pointer, size = ctypes.c_void_p, ctypes.c_size_t
    signatures = {
        "hs_version": (ctypes.c_char_p, []),
        "hs_compile_multi": (
            ctypes.c_int,
            [
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_uint),
                ctypes.POINTER(ctypes.c_uint),
                ctypes.c_uint,
                ctypes.c_uint,
                pointer,
                ctypes.POINTER(pointer),
                ctypes.POINTER(ctypes.POINTER(_CompileError)),
            ],
        ),
        "hs_free_compile_error": (ctypes.c_int, [ctypes.POINTER(_CompileError)]),
        "hs_serialize_database": (
            ctypes.c_int,
            [pointer, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(size)],
        ),
        "hs_deserialize_database": (ctypes.c_int, [ctypes.c_char_p, size, ctypes.POINTER(pointer)]),
        "hs_alloc_scratch": (ctypes.c_int, [pointer, ctypes.POINTER(pointer)]),
        "hs_free_scratch": (ctypes.c_int, [pointer]),
        "hs_free_database": (ctypes.c_int, [pointer]),
        "hs_scan": (
            ctypes.c_int,
            [pointer, pointer, ctypes.c_uint, ctypes.c_uint, pointer, pointer, pointer],
        ),
    }
    for name, (result, arguments) in signatures.items():
        function = getattr(library, name)
        function.restype, function.argtypes = result, arguments
    return library


@cache
def _library() -> ctypes.CDLL | None:
    """The system's libhs, or None where it is not installed (or not wanted)."""
    if os.environ.get(ENGINE_VARIABLE, "system") == "wheel":
        return None
    try:
        return _bind(ctypes.CDLL(_LIBRARY))
    except (OSError, AttributeError):
        return None


def available() -> bool:
    """Whether scans go through the system's libhs."""
    return _library() is not None


def version() -> str:
    """The system libhs's version string (for cache keys); empty where absent."""
    library = _library()
    return library.hs_version().decode() if library is not None else ""


def compile_serialized(expressions: Sequence[str], flags: int) -> bytes:
    """Compile ``expressions`` (ids 0..n-1, all with ``flags``) in block mode; the database's
    serialized bytes. InputError naming the pattern Hyperscan refuses."""
    library = _library()
    assert library is not None, "compile_serialized needs libhs: check available() first"
    count = len(expressions)
    encoded = [expression.encode("utf-8") for expression in expressions]
    database, error = ctypes.c_void_p(), ctypes.POINTER(_CompileError)()
    status = library.hs_compile_multi(
        (ctypes.c_char_p * count)(*encoded),
        (ctypes.c_uint * count)(*([flags] * count)),
        (ctypes.c_uint * count)(*range(count)),
        count,
        _MODE_BLOCK,
        None,
        ctypes.byref(database),
        ctypes.byref(error),
    )
    if status != _SUCCESS and not error:
        raise InputError(f"Hyperscan cannot compile these patterns (status {status})")
    if status != _SUCCESS:
        where, message = error.contents.expression, (error.contents.message or b"").decode()
        library.hs_free_compile_error(error)
        pattern = f"pattern {where} ({expressions[where]!r})" if 0 <= where < count else "patterns"
        raise InputError(f"Hyperscan cannot compile {pattern}: {message}")
    try:
        return _serialized(library, database)
    finally:
        library.hs_free_database(database)


def _serialized(library: ctypes.CDLL, database: ctypes.c_void_p) -> bytes:
    data, length = ctypes.c_void_p(), ctypes.c_size_t()
    status = library.hs_serialize_database(database, ctypes.byref(data), ctypes.byref(length))
    if status != _SUCCESS:
        raise RuntimeError(f"hs_serialize_database failed with status {status}")
    try:
        return ctypes.string_at(data, length.value)
    finally:
        ctypes.CDLL(None).free(data)  # libhs allocates with the C library's malloc


class _Scratch:
    """One thread's scratch space and match buffer; the scratch is freed with this object (when
    its thread ends or its database goes)."""

    def __init__(self, library: ctypes.CDLL, database: ctypes.c_void_p) -> None:
        self._library = library
        self.pointer = ctypes.c_void_p()
        status = library.hs_alloc_scratch(database, ctypes.byref(self.pointer))
        if status != _SUCCESS:
            raise ValueError(f"libhs cannot allocate scratch space (status {status})")
        self.buffer = np.zeros(_HEADER + 3 * _FIRST_ROOM, dtype=np.int64)

    def __del__(self) -> None:
        if getattr(self, "pointer", None):
            self._library.hs_free_scratch(self.pointer)


class Database:
    """A deserialized libhs block-mode database, scanned with the compiled match handler. Each
    thread scanning it gets its own scratch space and match buffer (ctypes lets go of the GIL
    during ``hs_scan``, and a scratch serves one scan at a time)."""

    def __init__(self, serialized: bytes) -> None:
        """ValueError when this libhs cannot load ``serialized`` (another version or CPU)."""
        library = _library()
        assert library is not None, "Database needs libhs: check available() first"
        self._library = library
        self._database = ctypes.c_void_p()
        self._local = threading.local()
        self.serialized = serialized
        status = library.hs_deserialize_database(
            serialized, len(serialized), ctypes.byref(self._database)
        )
        if status != _SUCCESS:
            raise ValueError(f"libhs cannot load this database (status {status})")
        self._scratch()  # this thread's, and a check that this CPU can run the database

    def __del__(self) -> None:
        if getattr(self, "_database", None):  # the scratches go with their thread-local holder
            self._library.hs_free_database(self._database)

    def _scratch(self) -> _Scratch:
        """This thread's scratch space and buffer, made on its first scan."""
        scratch: _Scratch | None = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = _Scratch(self._library, self._database)
        return scratch

    def scan(self, data: np.ndarray) -> np.ndarray:
        """Every match in the uint8 array ``data``: (n, 3) int64 of pattern, start, end, in the
        order Hyperscan reports them. ValueError for more than 4 GiB at once."""
        data = np.ascontiguousarray(data, dtype=np.uint8)
        if data.size > _LONGEST_SCAN:
            raise ValueError(f"libhs scans at most {_LONGEST_SCAN:,} bytes at once")
        scratch = self._scratch()
        while True:
            buffer = scratch.buffer
            buffer[0], buffer[1] = 0, (buffer.size - _HEADER) // 3
            status = self._library.hs_scan(
                self._database,
                data.ctypes.data,
                data.size,
                0,
                scratch.pointer,
                match_handler(),
                buffer.ctypes.data,
            )
            if status != _SUCCESS:
                raise RuntimeError(f"hs_scan failed with status {status}")
            found = int(buffer[0])
            if found <= buffer[1]:
                return buffer[_HEADER : _HEADER + 3 * found].reshape(-1, 3).copy()
            scratch.buffer = np.zeros(_HEADER + 3 * found, dtype=np.int64)  # room, then again

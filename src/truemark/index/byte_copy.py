"""One byte copy for the numba kernels, ``memcpy`` where numba writes a loop; and eight bytes
read or written as one word.

numba lowers ``out[a:b] = data[c:d]`` to a loop of one byte a step: 3.4 MB of titles copied
row by row took 1.2 ms so, 0.34 ms by :func:`copy_bytes` (``numpy.copy`` of the whole buffer:
0.08 ms). Each is an *intrinsic*, compiled into each kernel that calls it: numba's on-disk
cache of a kernel is invalidated by the kernel's own module only, so a change here must come
with a change to those modules (or a cleared cache) to take effect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic


@intrinsic
def _copy_bytes(
    typing_context: Any, out: Any, out_at: Any, data: Any, data_at: Any, count: Any
) -> tuple[Any, Any] | None:
    """``out[out_at : out_at + count] = data[data_at : data_at + count]`` for contiguous 1-D
    uint8 arrays, ``out`` writable (any other: no such function, a typing error); no bounds
    checks (the caller's ranges are in bounds and do not overlap)."""
    if not (_bytes_array(out) and out.mutable and _bytes_array(data)):
        return None
    signature = types.void(out, types.int64, data, types.int64, types.int64)

    def generate(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        out_array, out_at, data_array, data_at, count = args
        target = context.make_array(sig.args[0])(context, builder, out_array)
        source = context.make_array(sig.args[2])(context, builder, data_array)
        cgutils.raw_memcpy(
            builder,
            builder.gep(target.data, [out_at]),
            builder.gep(source.data, [data_at]),
            count,
            1,
        )
        return context.get_dummy_value()

    return signature, generate


def _bytes_array(kind: Any) -> bool:
    return (
        isinstance(kind, types.Array)
        and kind.dtype == types.uint8
        and kind.ndim == 1
        and kind.layout == "C"
    )


copy_bytes = cast(Callable[[np.ndarray, int, np.ndarray, int, int], None], _copy_bytes)
"""The intrinsic as the kernels call it."""


@intrinsic
def _load_word(typing_context: Any, data: Any, at: Any) -> tuple[Any, Any] | None:
    """``data[at : at + 8]`` as one uint64 in the machine's byte order, for a contiguous 1-D
    uint8 array; no alignment asked, no bounds checked."""
    if not _bytes_array(data):
        return None
    signature = types.uint64(data, types.int64)

    def generate(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        array, at = args
        source = context.make_array(sig.args[0])(context, builder, array)
        word = builder.bitcast(builder.gep(source.data, [at]), ir.IntType(64).as_pointer())
        return builder.load(word, align=1)

    return signature, generate


@intrinsic
def _store_word(typing_context: Any, out: Any, at: Any, word: Any) -> tuple[Any, Any] | None:
    """``out[at : at + 8] = `` the eight bytes of the uint64 ``word`` (as :func:`load_word`
    reads them); no alignment asked, no bounds checked."""
    if not (_bytes_array(out) and out.mutable):
        return None
    signature = types.void(out, types.int64, types.uint64)

    def generate(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        array, at, value = args
        target = context.make_array(sig.args[0])(context, builder, array)
        pointer = builder.bitcast(builder.gep(target.data, [at]), ir.IntType(64).as_pointer())
        builder.store(value, pointer, align=1)
        return context.get_dummy_value()

    return signature, generate


HIGH_BITS = np.uint64(0x8080808080808080)
"""The high bit of each byte of a word: a word ANDed with it is zero when its bytes are ASCII."""

load_word = cast(Callable[[np.ndarray, int], np.uint64], _load_word)
"""The intrinsic as the kernels call it."""
store_word = cast(Callable[[np.ndarray, int, np.uint64], None], _store_word)
"""The intrinsic as the kernels call it."""

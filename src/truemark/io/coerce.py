"""Bring one input column to its canonical type, vectorized, noting which rows fail and why."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from truemark.io.checks import (
    Coerced,
    blank_to_null,
    empty_to_null,
    invalid_where,
    is_list,
    is_text,
    longer_than,
    mask,
    plain,
    scalar,
    trimmed,
    wrong_type,
)
from truemark.io.lists import coerce_list
from truemark.io.schema import TIMESTAMP, FieldSpec, Kind

NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$"
INTEGER = r"^[+-]?\d{1,18}$"


def accepts(kind: Kind, column_type: pa.DataType) -> bool:
    """Whether a column of this Arrow type can hold the field at all (checked per file)."""
    t = column_type.value_type if pa.types.is_dictionary(column_type) else column_type
    if is_text(t) or pa.types.is_null(t):
        return True
    if kind in (Kind.TEXT, Kind.CURRENCY):
        return pa.types.is_integer(t)
    if kind in (Kind.PRICE, Kind.COUNT):
        return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
    if kind is Kind.TIMESTAMP:
        return pa.types.is_timestamp(t) or pa.types.is_date(t)
    return is_list(t)


def coerce_text(column: pa.Array, max_length: int, required: bool = False) -> Coerced:
    """Text as given (integers become their digits); empty is absent, and so is blank when the
    field is required; over-long values fail."""
    column = plain(column)
    usable = is_text(column.type) or pa.types.is_integer(column.type)
    if not (usable or pa.types.is_null(column.type)):
        return wrong_type(column, pa.string(), Kind.TEXT.value)
    text = column.cast(pa.string())
    values = blank_to_null(text) if required else empty_to_null(text)
    too_long = longer_than(values, max_length)
    message = f"longer than {max_length:,} characters"
    return Coerced(invalid_where(values, too_long), [(too_long, message)])


def coerce_currency(column: pa.Array) -> Coerced:
    """An ISO 4217 code: three letters, upper-cased."""
    text = coerce_text(column, 1_000, required=True)
    if pc.all(pc.is_null(text.values)).as_py():
        return text
    code = pc.utf8_upper(pc.utf8_trim_whitespace(text.values))
    letters = pc.and_(pc.string_is_ascii(code), pc.ascii_is_alpha(code))
    bad = mask(pc.invert(pc.and_(pc.equal(pc.binary_length(code), scalar(3, pa.int32())), letters)))
    text.failures.append((bad, "not an ISO 4217 currency code (3 letters, e.g. USD)"))
    return Coerced(invalid_where(code, bad), text.failures)


def _parsed(column: pa.Array, pattern: str, target: pa.DataType, what: str) -> Coerced:
    text = trimmed(column)
    ok = pc.match_substring_regex(text, pattern)
    bad = mask(pc.invert(ok))
    values = pc.if_else(ok, text, scalar(None, pa.string())).cast(target)
    return Coerced(values, [(bad, f"not {what}")])


def coerce_price(column: pa.Array) -> Coerced:
    """A finite number >= 0 as float64; numeric text is parsed."""
    column = plain(column)
    t = column.type
    if is_text(t):
        result = _parsed(column, NUMBER, pa.float64(), "a number")
    elif pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        result = Coerced(column.cast(pa.float64()))
    elif pa.types.is_null(t):
        return Coerced(pa.nulls(len(column), pa.float64()))
    else:
        return wrong_type(column, pa.float64(), Kind.PRICE.value)
    infinite = mask(pc.invert(pc.is_finite(result.values)))
    negative = mask(pc.less(result.values, scalar(0.0, pa.float64())))
    result.failures += [(infinite, "not a finite number"), (negative, "must not be negative")]
    result.values = invalid_where(result.values, infinite | negative)
    return result


def coerce_count(column: pa.Array) -> Coerced:
    """A whole number >= 0 as int64; integral floats and digit text are accepted."""
    column = plain(column)
    t = column.type
    if is_text(t):
        result = _parsed(column, INTEGER, pa.int64(), "an integer")
    elif pa.types.is_integer(t):
        too_big = (
            mask(pc.greater(column, scalar(2**63 - 1, pa.uint64()))) if t == pa.uint64() else None
        )
        safe = invalid_where(column, too_big) if too_big is not None else column
        result = Coerced(safe.cast(pa.int64()), [] if too_big is None else [(too_big, "too big")])
    elif pa.types.is_floating(t) or pa.types.is_decimal(t):
        real = column.cast(pa.float64())
        whole = pc.and_(
            pc.equal(pc.floor(real), real), pc.less(pc.abs(real), scalar(2.0**53, pa.float64()))
        )
        bad = mask(pc.invert(whole))
        result = Coerced(invalid_where(real, bad).cast(pa.int64()), [(bad, "not an integer")])
    elif pa.types.is_null(t):
        return Coerced(pa.nulls(len(column), pa.int64()))
    else:
        return wrong_type(column, pa.int64(), Kind.COUNT.value)
    negative = mask(pc.less(result.values, scalar(0, pa.int64())))
    result.failures.append((negative, "must not be negative"))
    result.values = invalid_where(result.values, negative)
    return result


def _iso_one_by_one(text: pa.Array) -> Coerced:
    """Slow path for a batch whose timestamps do not all share one ISO 8601 shape."""
    parsed: list[datetime | None] = []
    for value in text.to_pylist():
        try:
            moment = datetime.fromisoformat(value) if value is not None else None
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        parsed.append(moment)
    values = pa.array(parsed, type=TIMESTAMP)
    bad = mask(pc.and_(pc.is_valid(text), pc.is_null(values)))
    return Coerced(values, [(bad, "not an ISO 8601 timestamp")])


def coerce_timestamp(column: pa.Array) -> Coerced:
    """An instant as timestamp[us, UTC]; text without a zone offset is taken as UTC."""
    column = plain(column)
    t = column.type
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return Coerced(pc.cast(column, TIMESTAMP, safe=False))
    if pa.types.is_null(t):
        return Coerced(pa.nulls(len(column), TIMESTAMP))
    if not is_text(t):
        return wrong_type(column, TIMESTAMP, Kind.TIMESTAMP.value)
    text = trimmed(column)
    for target in (TIMESTAMP, pa.timestamp("us")):
        try:
            return Coerced(pc.cast(text, target).cast(TIMESTAMP))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    return _iso_one_by_one(text)


def coerce(column: pa.Array, spec: FieldSpec) -> Coerced:
    """The column in the canonical type of ``spec``, with every failing row and its reason."""
    if spec.kind is Kind.TEXT:
        return coerce_text(column, spec.max_length, spec.required)
    if spec.kind is Kind.CURRENCY:
        return coerce_currency(column)
    if spec.kind is Kind.PRICE:
        return coerce_price(column)
    if spec.kind is Kind.COUNT:
        return coerce_count(column)
    if spec.kind is Kind.TIMESTAMP:
        return coerce_timestamp(column)
    return coerce_list(column, spec)

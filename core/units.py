"""Weights as Decimal and the kg <-> lb conversion used for all arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from core.model import Unit

KG_PER_LB = Decimal("0.45359237")
KG_PER_LB_FLOAT = float(KG_PER_LB)  # for float arithmetic in hot loops


def to_kg(weight: Decimal, unit: Unit) -> Decimal:
    """The load in kilograms (exact: the pound is defined as 0.45359237 kg)."""
    return weight if unit is Unit.KG else weight * KG_PER_LB


def from_kg(kg: Decimal, unit: Unit) -> Decimal:
    return kg if unit is Unit.KG else kg / KG_PER_LB


def format_weight(weight: Decimal) -> str:
    """`80`, `82.5`, `-30`: no trailing zeros, at most two decimals."""
    q = weight.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN).normalize()
    text = format(q, "f")
    return "0" if text in ("-0", "0") else text

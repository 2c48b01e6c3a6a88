"""Numbers sent as text: what the API accepts (shared by the calculators and the writes)."""

from __future__ import annotations

import re
from decimal import Decimal

# Bounds keep every value within Decimal's 28-digit context after 4-decimal quantizing.
LIMIT = Decimal(10) ** 12
# Plain decimal notation only: no thousands separators, underscores, NaN or Infinity.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")

"""Numbers sent as text: what the API accepts (shared by the calculators and the writes)."""

from __future__ import annotations

import re

from core.decimals import QUANTITY_LIMIT

# The quantity limit (10^15, core.decimals): a 4-decimal value keeps within Decimal's 28-digit
# context through the scoring arithmetic.
LIMIT = QUANTITY_LIMIT
# Plain decimal notation only: no thousands separators, underscores, NaN or Infinity.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")

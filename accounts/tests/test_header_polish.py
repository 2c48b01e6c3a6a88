"""Header polish (issue 16 item 7): the fiscal-year menu has an accessible name."""

from __future__ import annotations

import re


def test_the_fiscal_year_menu_is_labelled(client, coordinator):
    client.force_login(coordinator)
    body = client.get("/").content.decode()
    select = re.search(r"<select[^>]*name=\"fiscal_year\"[^>]*>", body)
    assert select is not None
    tag = select.group(0)
    # An accessible name on the control itself, whether or not the visible label fits.
    assert 'aria-label="ปีงบประมาณ"' in tag
    assert re.search(r'<label for="fy-select">\s*ปีงบประมาณ\s*</label>', body)

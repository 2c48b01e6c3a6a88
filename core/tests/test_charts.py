from decimal import Decimal

from core.charts import Bar, bar_chart, line_chart


def test_bar_chart_svg_has_thai_labels_values_and_accessible_name():
    chart = bar_chart(
        "คะแนนรายองค์ประกอบ",
        [("องค์ประกอบที่ ๑ ประสิทธิผล", Decimal("56.2500")), ("ศักยภาพ", Decimal("27.505"))],
        max_value=Decimal(100),
        unit="คะแนน",
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "คะแนนรายองค์ประกอบ" in svg and "<desc" in svg
    assert "องค์ประกอบที่ ๑ ประสิทธิผล" in svg and "ศักยภาพ" in svg
    assert "56.25" in svg and "27.51" in svg  # half-up display
    assert "Sarabun" in svg
    assert chart.table == (("องค์ประกอบที่ ๑ ประสิทธิผล", "56.25"), ("ศักยภาพ", "27.51"))
    assert chart.headers[1] == "ค่า (คะแนน)"


def test_bar_chart_escapes_text_and_shows_pending():
    chart = bar_chart("<script>", [Bar("a & <b>", None, limit=Decimal(30))], max_value=Decimal(100))
    svg = str(chart.svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "a &amp; &lt;b&gt;" in svg
    assert "รอผล" in svg
    assert chart.table == (("a & <b>", "–", "30.00"),)


def test_bar_width_is_proportional_and_clipped_to_max():
    half = str(bar_chart("t", [("x", Decimal(50))], max_value=Decimal(100), width=560).svg)
    over = str(bar_chart("t", [("x", Decimal(150))], max_value=Decimal(100), width=560).svg)
    import re

    def widths(svg):
        return [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', svg)]

    assert widths(over)[0] > widths(half)[0] * 1.9
    assert widths(over)[0] < 560


def test_thai_digits_option():
    chart = bar_chart("t", [("x", Decimal("83.75"))], max_value=Decimal(100), thai_digits=True)
    assert "๘๓.๗๕" in str(chart.svg)


def test_line_chart_has_series_categories_values_and_gaps():
    chart = line_chart(
        "คะแนนรวมรายปี",
        [
            ("สผ.", [("2567", Decimal("88.1")), ("2568", None), ("2569", Decimal("91.25"))]),
            ("ค่าเป้าหมาย", [("2567", Decimal(90)), ("2568", Decimal(90))]),
        ],
        references=[("ระดับคุณภาพ", Decimal(90))],
        unit="คะแนน",
    )
    svg = str(chart.svg)
    for text in ("คะแนนรวมรายปี", "สผ.", "2567", "2569", "88.10", "91.25", "ระดับคุณภาพ"):
        assert text in svg
    # the gap at 2568 splits the first series: no polyline joins 2567 to 2569 directly
    assert chart.table[1] == ("2568", "–", "90.00")
    assert chart.headers == ("ช่วง", "สผ. (คะแนน)", "ค่าเป้าหมาย (คะแนน)")


def test_forecast_line_bridges_a_year_without_a_total():
    """The forecast goes from the last year with a total to this year, over a year whose
    total is not shown (FY 2569 still pending): the dashed line is drawn, not dropped."""
    from dashboards.figures import years_chart

    years = [(2567, Decimal("79.3")), (2568, Decimal("90.633")), (2569, None), (2571, None)]
    svg = str(years_chart(years, forecast=Decimal("14.75")).svg)
    assert svg.count('stroke-dasharray="7 5"') == 1
    assert svg.count("<polyline") == 2  # 2567–2568 solid, 2568–2571 dashed


def test_empty_charts_say_no_data():
    assert "ไม่มีข้อมูล" in str(bar_chart("t", [], max_value=Decimal(1)).svg)
    assert "ไม่มีข้อมูล" in str(line_chart("t", []).svg)


def test_long_thai_labels_wrap_between_words():
    from core.charts import wrap

    label = "การประเมินศักยภาพในการดำเนินการของส่วนราชการ"
    lines = wrap(label, 17, 300)
    assert len(lines) == 2 and "".join(lines) == label  # no word is split, nothing lost
    assert lines[1].startswith(("ของ", "ดำเนินการ", "ใน", "การ", "ส่วนราชการ"))
    svg = str(bar_chart("t", [(label, Decimal(1))], max_value=Decimal(2), width=300).svg)
    assert lines[0] in svg and lines[1] in svg


def test_labels_beyond_two_lines_end_with_an_ellipsis():
    from core.charts import wrap

    lines = wrap("ร้อยละของรายงานที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กฎหมายกำหนด " * 3, 17, 200)
    assert len(lines) == 2 and lines[-1].endswith("…")

"""Spreadsheets that leave and enter the system (issue 14 items 3 and 4).

`core.spreadsheets.write` is the one writer of XLSX and CSV files: user text is always text.
`core.spreadsheets.read` is the one reader of uploaded XLSX and CSV files: every limit is checked
before (or while, never after) the file is parsed. No other module creates or loads a workbook or
uses the csv module's readers and writers (core.tests.test_spreadsheets checks it).
"""

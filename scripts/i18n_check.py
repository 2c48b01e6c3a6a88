#!/usr/bin/env python3
"""Check that the English catalog is completely translated.

Thai is the source language (msgids are Thai), so every entry of
locale/en/LC_MESSAGES/django.po needs an English msgstr. This script reads the
.po file as committed (it does not run makemessages) and fails when an entry:

  * has an empty msgstr (or an empty plural form),
  * is marked ``#, fuzzy``,
  * is a ``python-format`` entry whose msgstr uses different placeholders
    from its msgid (msgfmt --check catches this too, but it may not be
    installed where this runs).

Usage:
    python scripts/i18n_check.py                 # check locale/en/LC_MESSAGES/django.po
    python scripts/i18n_check.py path/to/x.po    # check other catalogs
    python scripts/i18n_check.py --quiet         # only the summary line

To pick up strings added to the code since the catalog was last updated, run
makemessages first:
    DEBUG=1 .venv/bin/python manage.py makemessages -l en \
        --ignore=.venv --ignore=var --ignore=bench --no-obsolete
    python scripts/i18n_check.py

Exit status: 0 when every entry is translated, 1 when problems were found,
2 when a file cannot be read or parsed. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    def msgstrs(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if k.startswith("msgstr")}


def unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string")
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None

    def finish() -> None:
        nonlocal current, key
        if current is not None and (current.fields or current.obsolete):
            entries.append(current)
        current, key = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path}:{number}"
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if current is not None and current.fields:
                finish()
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#~"):
                current.obsolete = True
            continue
        if current is None:
            current = Entry(line=number)
        match = FIELD.match(line)
        if match:
            key = match.group(1)
            current.fields[key] = unquote(match.group(2), where)
            if key == "msgid":
                current.line = number
        elif line.startswith('"') and key is not None:
            current.fields[key] += unquote(line, where)
        else:
            raise ValueError(f"{where}: cannot parse line: {raw!r}")
    finish()
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def problems(entry: Entry) -> list[str]:
    if entry.obsolete or entry.msgid == "":  # header / obsolete entries are not shown to users
        return []
    found = []
    if "fuzzy" in entry.flags:
        found.append("fuzzy")
    strs = entry.msgstrs()
    if not strs or any(value == "" for value in strs.values()):
        found.append("untranslated")
    elif "python-format" in entry.flags:
        for key, value in strs.items():
            singular = key in ("msgstr", "msgstr[0]")
            source = entry.msgid if singular else entry.fields.get("msgid_plural", entry.msgid)
            want, got = placeholders(source), placeholders(value)
            # the singular form may drop the count ("one item") but must not invent placeholders
            if got != want and not (key == "msgstr[0]" and set(got) <= set(want)):
                expected, actual = " ".join(want) or "none", " ".join(got) or "none"
                found.append(f"placeholders in {key}: expected {expected}, got {actual}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "po", nargs="*", type=Path, default=[DEFAULT_PO], help="catalog(s) to check"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)

    failed = False
    for path in args.po:
        try:
            entries = parse(path)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            print(f"i18n_check: {exc}", file=sys.stderr)
            return 2
        total = sum(1 for e in entries if e.msgid and not e.obsolete)
        bad = [(e, p) for e in entries if (p := problems(e))]
        if bad:
            failed = True
            if not args.quiet:
                for entry, issues in bad:
                    text = entry.msgid.replace("\n", "\\n")
                    if "msgid_plural" in entry.fields:
                        text += " | " + entry.fields["msgid_plural"].replace("\n", "\\n")
                    print(f"{path}:{entry.line}: {', '.join(issues)}: {text}")
            print(f"{path}: {len(bad)} of {total} entries need attention", file=sys.stderr)
        else:
            print(f"{path}: all {total} entries translated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

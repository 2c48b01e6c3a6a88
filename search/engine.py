"""Thai-aware words and the database's full-text match (issue 16 item 6).

The same segmentation runs when a text is indexed and when a query is read, so a word the user
types ("ก๊าซเรือนกระจก" → ก๊าซ, เรือนกระจก) is found inside longer Thai text written without
spaces. Every query word must occur (AND); each matches as a prefix, so "เรือน" finds
"เรือนกระจก" and "EIA" finds "eia2568".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from search.models import SearchEntry

# Letters, digits and combining marks (Thai vowels and tone marks are marks, Unicode Mn): one
# word is a run of them. Anything else (spaces, punctuation, symbols) separates words.
_WORD = re.compile(r"(?:[^\W_]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])+")
MAX_QUERY_WORDS = 12


def words(text: str) -> list[str]:
    """The words of `text`, lower case: Thai runs cut by PyThaiNLP's dictionary segmenter."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import normalize

    found: list[str] = []
    for chunk in _WORD.findall(text.lower()):
        if chunk.isascii():
            found.append(chunk)
            continue
        for token in word_tokenize(normalize(chunk), engine="newmm", keep_whitespace=False):
            found.extend(_WORD.findall(token))
    return found


@cache
def _dictionary() -> Any:
    from pythainlp.tokenize import word_dict_trie

    return word_dict_trie()


@lru_cache(maxsize=20_000)
def inner_words(token: str) -> tuple[str, ...]:
    """The words a compound ends with: "สภาพภูมิอากาศ" → ภูมิอากาศ, อากาศ. The segmenter keeps
    a compound it knows whole, so a search for its later part ("ภูมิอากาศ") would miss it;
    the index also holds each remainder after a dictionary word that is itself made of
    dictionary words (prefix matching already covers the compound's first part)."""
    from pythainlp.tokenize import word_tokenize

    if token.isascii() or len(token) < 4:
        return ()
    trie = _dictionary()
    found: list[str] = []

    def split(rest: str) -> None:
        for head in trie.prefixes(rest):
            tail = rest[len(head) :]
            if len(head) < 2 or len(tail) < 2 or tail in found:
                continue
            parts = word_tokenize(tail, engine="newmm", keep_whitespace=False)
            if all(len(part) >= 2 and part in trie for part in parts):
                found.append(tail)
                split(tail)

    split(token)
    return tuple(found)


def index_words(text: str) -> list[str]:
    """What the index stores for `text`: its words, and after each compound its inner words."""
    stored: list[str] = []
    for word in words(text):
        stored.append(word)
        stored.extend(inner_words(word))
    return stored


def body_of(parts: list[str]) -> str:
    return " ".join(index_words(" ".join(part for part in parts if part)))


@cache
def backend() -> str:
    """ "postgresql", "fts5" (SQLite with the migration's FTS5 table) or "like" (neither)."""
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                ["search_searchentry_fts"],
            )
            if cursor.fetchone():
                return "fts5"
    return "like"


def query_words(query: str) -> list[str]:
    unique: list[str] = []
    for word in words(query):
        if word not in unique:
            unique.append(word)
    return unique[:MAX_QUERY_WORDS]


@lru_cache(maxsize=2_000)
def split_word(word: str) -> tuple[str, ...] | None:
    """One split of a query word into dictionary words ("รายงาน" → ราย, งาน), or None. The
    segmenter does not always cut a word the same way in every context ("รายงานการวิเคราะห์"
    → ราย · งานการ · วิเคราะห์), so a query word also matches its parts side by side."""
    from pythainlp.tokenize import word_tokenize

    if word.isascii() or len(word) < 4:
        return None
    trie = _dictionary()
    for head in sorted(trie.prefixes(word), key=len, reverse=True):
        tail = word[len(head) :]
        if len(head) < 2 or len(tail) < 2:
            continue
        parts = word_tokenize(tail, engine="newmm", keep_whitespace=False)
        if all(len(part) >= 2 and part in trie for part in parts):
            return (head, *parts)
    return None


def _forms(term: str) -> list[tuple[str, ...]]:
    """The ways a query word may appear in the index: itself, or its parts in a row (the last
    one, like the word, as a prefix)."""
    split = split_word(term)
    return [(term,)] if split is None else [(term,), split]


def matching(kind: str, terms: list[str]) -> QuerySet[SearchEntry]:
    """Index rows of `kind` whose words contain every term as a prefix (or its parts in a row).
    The terms come from `query_words`, so they hold only letters, digits and marks (no query
    syntax of either database can be in them)."""
    rows = SearchEntry.objects.filter(kind=kind)
    if not terms:
        return rows.none()
    engine = backend()
    if engine == "postgresql":
        tsquery = " & ".join(
            "("
            + " | ".join(" <-> ".join(f"'{w}'" for w in form) + ":*" for form in _forms(t))
            + ")"
            for t in terms
        )
        return rows.filter(
            RawSQL(
                "body_tsv @@ to_tsquery('simple', %s)",  # the migration's stored column
                [tsquery],
                output_field=BooleanField(),
            )
        )
    if engine == "fts5":
        expression = " AND ".join(
            "(" + " OR ".join('"' + " ".join(form) + '"*' for form in _forms(t)) + ")"
            for t in terms
        )
        return rows.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s",
                [expression],
            )
        )
    condition = Q()
    for term in terms:
        either = Q()
        for form in _forms(term):
            text = " ".join(form)
            either |= Q(body__startswith=text) | Q(body__contains=f" {text}")
        condition &= either
    return rows.filter(condition)


def matching_ids(kind: str, terms: list[str]) -> QuerySet[SearchEntry, int]:
    return matching(kind, terms).values_list("object_id", flat=True)

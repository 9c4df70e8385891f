"""Words searched in a ledger's text columns (``?q=``), through an index of character pairs on PostgreSQL.

A list finds ``q`` anywhere in a title or number with ``LIKE '%q%'``, which no B-tree index serves: over 100,000
documents a word that few titles hold costs a scan of every row (50 ms and more). PostgreSQL's pg_trgm does not
help with Chinese: it indexes three-character runs of letters and digits, so a two-character word (补贴) has no
trigram at all, and on a server initialised without a locale (``initdb --no-locale``, LC_CTYPE C) a Chinese
character is not a letter to it, so nothing of a Chinese title is indexed.

So ledgers index the *pairs of characters* (bigrams, as Chinese full-text search does) of their searched
columns: ``fazhi_grams(title, number)`` is the set of every two adjacent characters of each column, upper-cased,
kept in a GIN index (``create_gram_index`` in a migration, PostgreSQL only). A row that contains ``q`` holds
every pair of ``q``, so ``fazhi_grams(columns) @> fazhi_grams(q)`` is true of every matching row and of few
others; ``narrow`` adds it beside the list's own ``contains``/``icontains`` condition, which still decides what
matches: the answer is exactly the same, the index only spares the database the rows that cannot match.
Upper-casing both sides in the database keeps the pairs of an ``icontains`` match (``UPPER(col) LIKE UPPER(q)``)
in the set as well. A one-character ``q`` has no pair and is searched as before; SQLite is searched as before.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import BooleanField, F, Func, TextField, Value

__all__ = ["create_gram_index", "drop_gram_index", "narrow"]

#: The SQL function of the index: every pair of adjacent characters of each argument, upper-cased, once each.
FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION fazhi_grams(VARIADIC parts text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(upper(p), i, 2)), '{}')
  FROM unnest(parts) AS p, generate_series(1, char_length(p) - 1) AS i
$$
"""


class _Grams(Func):
    function = "fazhi_grams"
    output_field = TextField()  # text[]; compared in the database, never read back


class _Holds(Func):
    """``left @> right``: a boolean condition for ``QuerySet.filter``."""

    template = "%(expressions)s"
    arg_joiner = " @> "
    output_field = BooleanField()
    conditional = True


def narrow(queryset, fields: tuple[str, ...], text: str):
    """Return ``queryset`` with the pair index's condition for ``text`` over ``fields``, where it applies.

    ``fields`` must be the columns of the model's gram index, in its order (``create_gram_index``); the caller
    keeps its own ``contains``/``icontains`` filter, which alone decides what matches.
    """
    if len(text) < 2 or connections[queryset.db].vendor != "postgresql":
        return queryset
    return queryset.filter(_Holds(_Grams(*(F(name) for name in fields)), _Grams(Value(text))))


def create_gram_index(schema_editor, table: str, columns: tuple[str, ...], name: str) -> None:
    """Create the function and the GIN index of ``table``'s ``columns`` (in a migration; PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute(FUNCTION_SQL)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
        f"USING gin (fazhi_grams({', '.join(quote(c) for c in columns)}))")


def drop_gram_index(schema_editor, name: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

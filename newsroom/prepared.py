"""Queries compiled to SQL once per process and prepared once per database connection.

The article page runs the same two queries for every article: its own (several joins and
subqueries) and the one that fetches the cards of its neighbours. Django compiles a
queryset to SQL each time it runs (1.3 ms and 0.8 ms of the page, measured at 100,000
articles) and PostgreSQL plans it each time (0.65 ms and 0.4 ms). A ``PreparedQuery`` is
built once with a ``Placeholder`` where each value goes, compiled once per database alias,
and run as a server-side prepared statement, so neither cost comes back. Its rows become
model instances through the queryset's own iterable, as the queryset's would: related
objects, annotations and prefetches included, and the run is seen by query counting.

Prepared statements belong to one database connection. A pooler that hands a session's
statements to another connection (PgBouncer in transaction mode before 1.21) cannot keep
them: set ``DATABASE_PREPARED_STATEMENTS=false`` there, and the same SQL is sent each time
(still compiled once).
"""

import contextvars
import copy
import functools
import re

import psycopg.sql
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import BooleanField, Expression, Func, QuerySet
from django.db.models.query import ModelIterable
from django.db.models.sql import Query
from django.db.models.sql.constants import GET_ITERATOR_CHUNK_SIZE, MULTI
from django.utils import timezone

# The placeholder that every run fills with the time of the run (``now_or_placeholder``).
NOW = "now"
_compiling = contextvars.ContextVar("compiling_prepared_query", default=False)


class _Slot:
    """Stands in the compiled parameters for the value named ``name``."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<placeholder {self.name}>"


class Placeholder(Expression):
    """Where the value named ``name`` goes in the SQL of a ``PreparedQuery``."""

    def __init__(self, name, output_field=None):
        if name == NOW:
            raise ValueError(f"{NOW!r} is filled with the time of each run; name it otherwise.")
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        if not _compiling.get():
            raise TypeError(
                f"Placeholder {self.name!r} is filled by PreparedQuery only; a queryset run "
                "on its own has no value for it."
            )
        return "%s", [_Slot(self.name)]


def now_or_placeholder():
    """The time now, or in a query being prepared the placeholder each run fills with it."""
    return _Slot(NOW) if _compiling.get() else timezone.now()


class InArray(Func):
    """``field = ANY(array)``: one SQL text for any number of values, where ``__in`` writes
    one parameter per value (a new statement to compile and prepare for each length)."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


class _PreparedQuery(Query):
    """The compiled query of a ``PreparedQuery``: hands out the compiler of one run."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.run_compiler


class _RunCompiler:
    """Mixed into the compiler class of the query: answers with the SQL compiled once, the
    run's parameters, and a cursor that prepares the statement on its connection."""

    def as_sql(self, with_limits=True, with_col_aliases=False):
        return self.prepared_sql, self.run_params

    def execute_sql(
        self, result_type=MULTI, chunked_fetch=False, chunk_size=GET_ITERATOR_CHUNK_SIZE
    ):
        if result_type != MULTI:
            raise NotImplementedError("A PreparedQuery returns rows only.")
        with _cursor(self.connection) as cursor:
            cursor.execute(self.prepared_sql, self.run_params)
            return [cursor.fetchall()]


class _Compiled:
    """A queryset compiled for one database alias, with where each run's values go."""

    def __init__(self, queryset, alias):
        if queryset._iterable_class is not ModelIterable:
            raise TypeError(
                "A PreparedQuery returns model instances: no values() or values_list()."
            )
        self.queryset = queryset
        query = queryset.query.clone()
        compiler = query.get_compiler(using=alias)
        token = _compiling.set(True)
        try:
            sql, params = compiler.as_sql()
        finally:
            _compiling.reset(token)
        sql, params = _inline_constants(sql, params, connections[alias])
        compiler.prepared_sql = sql
        compiler.__class__ = type(
            f"Run{type(compiler).__name__}", (_RunCompiler, type(compiler)), {}
        )
        query.__class__ = _PreparedQuery
        self.query, self.compiler, self.params = query, compiler, params
        self.names = {param.name for param in params if isinstance(param, _Slot)} - {NOW}

    def run(self, alias, values):
        if values.keys() != self.names:
            raise TypeError(f"The query takes {sorted(self.names)}, was given {sorted(values)}.")
        filled = {**values, NOW: timezone.now()}
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[alias]
        compiler.run_params = tuple(
            filled[param.name] if isinstance(param, _Slot) else param for param in self.params
        )
        query = copy.copy(self.query)
        query.run_compiler = compiler
        queryset = QuerySet(model=self.queryset.model, query=query, using=alias)
        queryset._prefetch_related_lookups = self.queryset._prefetch_related_lookups
        return list(queryset)


def _inline_constants(sql, params, connection):
    """The SQL with its constant values written in as literals: only the placeholders stay
    parameters. PostgreSQL plans a prepared statement for any values of its parameters after
    a few runs (a generic plan), and a constant left as a parameter hides from the planner
    what it needs, such as ``status = 'published'``, which a partial index is made for."""
    if connection.vendor != "postgresql":
        return sql, params
    connection.ensure_connection()
    # Django writes each parameter as %s and a literal percent sign as %%.
    pieces = re.split(r"(%%|%s)", sql)
    values = iter(params)
    kept = []
    for index, piece in enumerate(pieces):
        if piece != "%s":
            continue
        value = next(values)
        if isinstance(value, _Slot):
            kept.append(value)
        else:
            literal = psycopg.sql.Literal(value).as_string(connection.connection)
            pieces[index] = literal.replace("%", "%%")
    return "".join(pieces), kept


class PreparedQuery:
    """A queryset compiled once per process and database, run with new values each time.

    ``build()`` returns the queryset, with ``Placeholder(name)`` where each value goes (and
    "now" read through ``now_or_placeholder``); it is called once. Calling the prepared query
    with the values runs it and returns the list of model instances.
    """

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def __call__(self, **values):
        queryset = self.queryset
        alias = queryset.db  # routers choose per run (a replica for public pages)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = _Compiled(queryset, alias)
        return compiled.run(alias, values)

    @functools.cached_property
    def queryset(self):
        return self._build()

    def get(self, **values):
        """The one object found, as ``QuerySet.get``; the query should be sliced to ``[:2]``."""
        found = self(**values)
        model = self.queryset.model
        if not found:
            raise model.DoesNotExist(f"No {model._meta.object_name} matches {values}.")
        if len(found) > 1:
            raise model.MultipleObjectsReturned(f"More than one {model._meta.object_name} matches.")
        return found[0]


def _cursor(connection):
    """A cursor whose statements are prepared on the server, when the connection allows it
    (PostgreSQL with ``prepare_threshold`` set, see settings), else the usual cursor. While
    queries are logged (DEBUG, or a test counting them), the usual cursor sends the SQL with
    its values written in, so that the log shows what ran."""
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
        or connection.queries_logged
    ):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(PreparingCursor(connection.connection))


class PreparingCursor(ServerBindingCursor):
    """psycopg's cursor with server-side binding, preparing every statement it runs (psycopg
    keeps the statements of each connection, the last 100 used)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)

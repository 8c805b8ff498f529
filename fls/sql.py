"""Pieces for the few reads written out in SQL (worklists.statements, worklists.clinician_statements,
assessments.statements): the busiest pages, where building and compiling querysets and model instances cost
several times the statements themselves. Everything variable is a parameter; only names from the models'
_meta and fixed SQL are formatted in."""
from decimal import Decimal

from django.db import connection


def table(model) -> str:
    """`model`'s table, quoted for this database."""
    return connection.ops.quote_name(model._meta.db_table)


def column(alias: str, name: str) -> str:
    return f"{alias}.{connection.ops.quote_name(name)}"


def decimal(value, places: int) -> Decimal | None:
    """A numeric column with `places` decimal places, as the ORM returns it: PostgreSQL gives a Decimal of that
    scale; SQLite a float or an int (12.0 is stored as 12), which the ORM converts and quantizes, and a raw
    cursor does not."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


class Where:
    """A conjunction of SQL conditions and their parameters, in order."""

    def __init__(self):
        self.parts: list[str] = []
        self.params: list = []

    def add(self, sql: str, *params) -> "Where":
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def is_in(self, column: str, values) -> "Where":
        values = list(values)
        return self.add(f"{column} IN ({', '.join(['%s'] * len(values))})", *values) if values else self.add("1 = 0")

    def rule(self, alias: str, rule: dict) -> "Where":
        """A rule as data (worklists.selectors.EPISODE_TABS): column → the values it may hold."""
        for name, values in rule.items():
            self.is_in(column(alias, name), values)
        return self

    def extend(self, other: "Where") -> "Where":
        self.parts.extend(other.parts)
        self.params.extend(other.params)
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts) or "1 = 1"


def fetch_one(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()

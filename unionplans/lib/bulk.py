"""Inserting many rows in one statement, skipping those that already exist.

``bulk_create`` builds one parameter per value in Python, which takes seconds for the tens of
thousands of rows of a large federation's Monday sweep. On PostgreSQL ``insert_rows`` sends one
``INSERT … SELECT * FROM unnest(array, …)`` with one array parameter per column, whatever the
number of rows; the arrays' types come from the model's fields.
"""

from django.db import connection


def _unnest(model, columns, rows, returning, ignore_conflicts):
    meta, quote = model._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in columns]
    names = ", ".join(quote(field.column) for field in fields)
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    conflict = "ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    back = ", ".join(quote(meta.get_field(name).column) for name in returning)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT * FROM unnest({arrays}) "
        f"{conflict} RETURNING {back}"
    )
    params = [list(values) for values in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def insert_rows(model, columns, rows, *, returning, ignore_conflicts=False, read_back_by=None):
    """Insert ``rows`` (tuples in the order of ``columns``, field or attribute names such as
    ``task_id``) and return the ``returning`` values of the rows inserted. With
    ``ignore_conflicts`` a row that breaks a unique constraint is skipped and not returned.

    Elsewhere than on PostgreSQL (the embedded SQLite of ``make run``) this falls back to
    ``bulk_create``; skipped rows are then told apart by reading back the rows whose
    ``read_back_by`` column holds a value of this call (a batch id).
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _unnest(model, columns, rows, returning, ignore_conflicts)
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, ignore_conflicts=ignore_conflicts)
    if not ignore_conflicts:
        return [tuple(getattr(obj, name) for name in returning) for obj in objects]
    if read_back_by is None:
        raise ValueError("ignore_conflicts needs read_back_by outside PostgreSQL")
    batches = {getattr(obj, read_back_by) for obj in objects}
    lookup = {f"{read_back_by}__in": batches}
    return list(model.objects.filter(**lookup).values_list(*returning))

from odoo.tools import SQL


def keyset_batches(env, table, where=None, columns=(), batch_size=50000):
    """Rows ``(id, *columns)`` of ``table`` matching ``where``, in id order,
    ``batch_size`` at a time: each batch is one query on the primary key,
    whatever the caller writes between batches (install backfills)."""
    selected = SQL(", ").join([SQL("id"), *(SQL.identifier(column) for column in columns)])
    last_id = 0
    while rows := env.execute_query(
        SQL(
            "SELECT %s FROM %s WHERE (%s) AND id > %s ORDER BY id LIMIT %s",
            selected,
            SQL.identifier(table),
            where or SQL("TRUE"),
            last_id,
            batch_size,
        )
    ):
        yield rows
        last_id = rows[-1][0]

from markupsafe import Markup

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, html2plaintext
from odoo.tools.misc import format_amount, format_date, format_datetime, formatLang

# a concurrent transaction got there first: Odoo retries the request (or the
# scheduled job runs again), so these are re-raised, never turned into a message
CONCURRENCY_ERRORS = PG_CONCURRENCY_EXCEPTIONS_TO_RETRY


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


def record_link(record):
    """HTML link opening ``record`` from a chatter message or a note."""
    return Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
        record._name,
        record.id,
        record.display_name,
    )


def display_value(record, fname):
    """The value of ``fname`` on ``record`` as a user reads it on the card, in
    the language of ``record.env``: amounts with their currency and numbers in
    the language's format, dates in its date format (datetimes in the user's
    time zone), HTML as plain text, translated selection labels and Yes / No,
    names of linked records."""
    field, value = record._fields[fname], record[fname]
    env = record.env
    if field.type in ("many2one", "one2many", "many2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        return dict(field._description_selection(env)).get(value, "")
    if field.type == "boolean":
        return env._("Yes") if value else env._("No")
    if field.type == "html":
        return html2plaintext(value or "")
    if field.type == "binary":
        return env._("(file)") if value else ""
    if field.type == "date":
        return format_date(env, value)
    if field.type == "datetime":
        return format_datetime(env, value, tz=env.context.get("tz") or env.user.tz, dt_format=False)
    if field.type == "monetary":
        currency = record[field.get_currency_field(record)]
        return format_amount(env, value, currency) if currency else formatLang(env, value)
    if field.type == "float":
        return formatLang(env, value, digits=(field.get_digits(env) or (0, 2))[1])
    if field.type == "integer":
        return formatLang(env, value, digits=0)
    return field.convert_to_display_name(value, record) if value not in (False, None) else ""


def reopen_wizard(wizard, name, **extra):
    """The action showing ``wizard`` again in its dialog, as a button that
    computed something on it returns it (``extra``: e.g. its context)."""
    return {
        "type": "ir.actions.act_window",
        "name": name,
        "res_model": wizard._name,
        "res_id": wizard.id,
        "view_mode": "form",
        "views": [(False, "form")],
        "target": "new",
        **extra,
    }

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_vtiger_import_engine import header_key

# the field types (and models) a column of each value type can be imported into; others: text fields
VALUE_FIELDS = {
    "date": (("date", "datetime"), None),
    "datetime": (("date", "datetime"), None),
    "boolean": (("boolean",), None),
    "integer": (("integer",), None),
    "float": (("float", "monetary", "integer"), None),
    "picklist": (("many2one",), None),
    "stage": (("many2one",), "crm.stage"),
    "tags": (("many2many",), None),
    "owner": (("many2one",), "res.users"),
    "account": (("many2one",), "res.partner"),
    "contact": (("many2one",), "res.partner"),
    "related": (("many2one",), "res.partner"),
    "country": (("many2one",), "res.country"),
    "state": (("many2one",), "res.country.state"),
}

MODULES = [
    ("leads", "Leads"),
    ("accounts", "Organizations"),
    ("contacts", "Contacts"),
    ("deals", "Potentials"),
]


class CrmVtigerImportLabel(models.Model):
    """The column headers of vtiger's CSV exports (vtiger's field labels, in
    English and Russian) and the field of ours each one is imported into.

    Seeded from ``data/crm.vtiger.import.label.csv`` with vtiger 8's
    standard fields; an administrator adds the labels of their own custom
    fields so that every migration of the team maps them the same way.
    """

    _name = "crm.vtiger.import.label"
    _description = "vtiger Export Column"
    _order = "module, sequence, id"

    module = fields.Selection(MODULES, "vtiger Module", required=True)
    sequence = fields.Integer(default=10)
    vtiger_name = fields.Char("vtiger Field", help="The field's name in vtiger (cf_… for custom fields).")
    label = fields.Char("English Label", required=True)
    label_ru = fields.Char("Russian Label")
    aliases = fields.Char(
        help="Other headers of the same column, separated by “|”: labels of other vtiger versions or languages."
    )
    field_name = fields.Char(
        "Field",
        help="The field the column is imported into; “delivery:city” and “other:city” are fields of the "
        "record's delivery / other address. Empty: the column is not imported (e.g. Created Time).",
    )
    value_type = fields.Selection(
        [
            ("char", "Text"),
            ("text", "Long Text"),
            ("number", "vtiger Number"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("url", "Web Address"),
            ("inn", "INN"),
            ("kpp", "KPP"),
            ("date", "Date"),
            ("datetime", "Date and Time"),
            ("boolean", "Yes / No"),
            ("integer", "Whole Number"),
            ("float", "Number or Amount"),
            ("picklist", "Picklist"),
            ("tags", "Multi-Select Picklist"),
            ("stage", "Sales Stage"),
            ("owner", "Owner (user or group)"),
            ("account", "Account"),
            ("contact", "Contact"),
            ("related", "Account or Contact"),
            ("country", "Country"),
            ("state", "State / Region"),
            ("note", "Line of the Description"),
        ],
        required=True,
        default="char",
    )
    active = fields.Boolean(default=True)

    @api.constrains("field_name", "module", "value_type")
    def _check_field_name(self):
        """The field exists, is stored and can hold the column's type of value."""
        for label in self.filtered("field_name"):
            model = "crm.lead" if label.module in ("leads", "deals") else "res.partner"
            address, _sep, fname = label.field_name.rpartition(":")
            field = self.env[model]._fields.get(fname)
            if not field:
                raise ValidationError(
                    self.env._("%(model)s has no field “%(field)s”.", model=model, field=label.field_name)
                )
            types, comodel = VALUE_FIELDS.get(label.value_type, (("char", "text", "html"), None))
            if (
                not field.store
                or field.type not in types
                or (comodel and field.comodel_name != comodel)
                or address not in ("", "delivery", "other")
            ):
                raise ValidationError(
                    self.env._(
                        "A column of type “%(type)s” cannot be imported into the field “%(field)s”.",
                        type=dict(self._fields["value_type"]._description_selection(self.env))[label.value_type],
                        field=label.field_name,
                    )
                )

    def _vtiger_headers(self):
        """{module: {header key: label record}} of the active labels, each
        label answering to its English and Russian labels and aliases."""
        headers = {}
        # the table of labels: a few hundred rows, read whole
        for label in self.search([], order="module, sequence, id"):  # pylint: disable=no-search-all
            keys = {label.label, label.label_ru, *(label.aliases or "").split("|")}
            for key in filter(None, map(header_key, keys)):
                headers.setdefault(label.module, {}).setdefault(key, label)
        return headers

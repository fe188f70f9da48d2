from odoo import api, fields, models

NAME_ORDER_PARAM = "crm_vtiger_like.name_order"
NAME_ORDERS = [
    ("first_last", "First Middle Last"),
    ("last_first", "Last First Middle"),
]


class CrmVtigerNameMixin(models.AbstractModel):
    """A person's first, middle (patronymic) and last names, composed into and
    split from one display name in the order chosen in CRM settings."""

    _name = "crm.vtiger.name.mixin"
    _description = "vtiger person names"

    first_name = fields.Char("First Name")
    middle_name = fields.Char("Middle Name", help="Patronymic (отчество).")
    last_name = fields.Char("Last Name", index="btree_not_null")

    @api.model
    def _vtiger_name_order(self):
        return self.env["ir.config_parameter"].sudo().get_param(NAME_ORDER_PARAM) or "first_last"

    @api.model
    def _vtiger_compose_name(self, first, middle, last, order=None):
        """One display name from the parts, in the configured order."""
        order = order or self._vtiger_name_order()
        parts = (first, middle, last) if order == "first_last" else (last, first, middle)
        return " ".join(" ".join(part.split()) for part in parts if part and part.strip()) or False

    @api.model
    def _vtiger_split_name(self, name, order=None):
        """The parts of a display name; one word is a last name, the words
        between first and last (or after the first name) are the middle name."""
        order = order or self._vtiger_name_order()
        words = (name or "").split()
        if len(words) < 2:
            return {"first_name": False, "middle_name": False, "last_name": words[0] if words else False}
        if order == "first_last":
            first, middle, last = words[0], words[1:-1], words[-1]
        else:
            last, first, middle = words[0], words[1], words[2:]
        return {"first_name": first, "middle_name": " ".join(middle) or False, "last_name": last}

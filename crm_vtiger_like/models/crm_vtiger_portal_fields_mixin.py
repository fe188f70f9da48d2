from odoo import api, models


class CrmVtigerPortalFieldsMixin(models.AbstractModel):
    """Portal users read only the fields their ``/my`` pages use.

    Their record rules give them their company's records, and Odoo's JSON-RPC
    would then give every field of those, internal notes, revenue and
    probability included. Models list the fields the portal pages show,
    search and sort by in ``_vtiger_portal_fields``; every other field is
    given to internal users only (``groups``, as Odoo restricts a field), so
    portal and public users get an AccessError when they ask for one, and
    never get it in a "read all"."""

    _name = "crm.vtiger.portal.fields.mixin"
    _description = "Fields portal users may read"

    _vtiger_portal_fields = ()

    @api.model
    def _setup_fields(self):
        result = super()._setup_fields()
        shown = {"id", "display_name", *self._vtiger_portal_fields}
        for fname, field in self._fields.items():
            if fname not in shown and not field.groups:
                field.groups = "base.group_user"
        return result

from odoo import models
from odoo.tools.sql import create_index

from .crm_vtiger_merge_score import NAME_KEYS_FUNCTION, create_name_keys_function


class CrmLead(models.Model):
    """Possible duplicates shown while a new lead is typed (and, as an
    option, refused on creation)."""

    _name = "crm.lead"
    # the mixin first: its create checks the record once every other create has run
    _inherit = ["crm.vtiger.duplicate.warning.mixin", "crm.lead"]

    _vtiger_duplicate_depends = (
        "contact_name",
        "partner_name",
        "first_name",
        "middle_name",
        "last_name",
        "phone",
        "mobile",
        "email_from",
        "vat",
        "country_id",
    )

    def init(self):
        """Indexes of the scored duplicate look-ups: INN, and the names'
        word skeletons (see ``crm_vtiger_name_keys``)."""
        result = super().init()
        create_name_keys_function(self.env.cr)
        create_index(self.env.cr, "crm_lead_vat_idx", self._table, ["vat"], where="vat IS NOT NULL")
        for fname in ("contact_name", "partner_name"):
            create_index(
                self.env.cr,
                f"crm_lead_{fname}_keys_idx",
                self._table,
                [f"{NAME_KEYS_FUNCTION}({fname})"],
                method="gin",
                where="active",
            )
        return result

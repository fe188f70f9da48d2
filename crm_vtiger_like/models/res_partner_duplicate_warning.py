from odoo import models
from odoo.tools.sql import create_index

from .crm_vtiger_merge_score import NAME_KEYS_FUNCTION, create_name_keys_function


class ResPartner(models.Model):
    """Possible duplicates shown while a new account or contact is typed
    (and, as an option, refused on creation)."""

    _name = "res.partner"
    # the mixin first: its create checks the record once every other create has run
    _inherit = ["crm.vtiger.duplicate.warning.mixin", "res.partner"]

    _vtiger_duplicate_depends = (
        "name",
        "first_name",
        "middle_name",
        "last_name",
        "is_company",
        "parent_id",
        "phone",
        "mobile",
        "fax",
        "phone_other",
        "phone_home",
        "email",
        "vat",
        "kpp",
        "country_id",
    )

    def init(self):
        """The index of the names' word skeletons (see ``crm_vtiger_name_keys``)."""
        result = super().init()
        create_name_keys_function(self.env.cr)
        create_index(
            self.env.cr,
            "res_partner_name_keys_idx",
            self._table,
            [f"{NAME_KEYS_FUNCTION}(name)"],
            method="gin",
            where="active",
        )
        return result

import re

from odoo import api, models
from odoo.exceptions import ValidationError

KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


class ResPartner(models.Model):
    """Russian requisites: ``vat`` holds the INN (ИНН), ``kpp`` the KPP (КПП)."""

    _inherit = "res.partner"

    def _vtiger_prepare_vals(self, vals):
        vals = super()._vtiger_prepare_vals(vals)
        if vals.get("kpp") and isinstance(vals["kpp"], str):
            vals["kpp"] = re.sub(r"\s", "", vals["kpp"]).upper()
        return vals

    @api.constrains("vat", "country_id", "is_company", "parent_id")
    def _check_ru_inn(self):
        """An INN is checked on the partner that owns it (companies, and
        persons without a company); contacts inherit their company's."""
        for partner in self:
            if not partner.vat or partner.country_id.code != "RU" or partner.commercial_partner_id != partner:
                continue
            self._vtiger_check_inn(partner.display_name, partner.vat, person=not partner.is_company)

    @api.constrains("kpp", "vat", "country_id")
    def _check_kpp(self):
        for partner in self.filtered("kpp"):
            if not KPP_RE.match(partner.kpp):
                raise ValidationError(
                    self.env._(
                        "%(name)s: the KPP has 9 characters: 4 digits (tax office), 2 digits or capital "
                        "letters (reason), 3 digits (got “%(kpp)s”).",
                        name=partner.display_name,
                        kpp=partner.kpp,
                    )
                )
            if partner.country_id.code == "RU" and len(self._vtiger_compact_inn(partner.vat)) == 12:
                raise ValidationError(
                    self.env._(
                        "%(name)s: an individual entrepreneur or a person (12-digit INN) has no KPP.",
                        name=partner.display_name,
                    )
                )

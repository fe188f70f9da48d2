import re

from stdnum.ru import inn as ru_inn

from odoo import api, models
from odoo.exceptions import ValidationError

KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


class ResPartner(models.Model):
    """Russian requisites: ``vat`` holds the INN (ИНН), ``kpp`` the KPP (КПП)."""

    _inherit = "res.partner"

    @api.model
    def _vtiger_compact_inn(self, vat):
        number = re.sub(r"[\s\-.]", "", vat or "").upper()
        return number.removeprefix("RU")

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
            number = self._vtiger_compact_inn(partner.vat)
            lengths = (10, 12) if partner.is_company else (12,)
            if not number.isdigit() or len(number) not in lengths:
                raise ValidationError(
                    self.env._(
                        "%(name)s: the INN must have 10 digits for an organization, 12 for an individual "
                        "entrepreneur or a person (got “%(inn)s”).",
                        name=partner.display_name,
                        inn=partner.vat,
                    )
                    if partner.is_company
                    else self.env._(
                        "%(name)s: a person's INN has 12 digits (got “%(inn)s”).",
                        name=partner.display_name,
                        inn=partner.vat,
                    )
                )
            if not ru_inn.is_valid(number):
                raise ValidationError(
                    self.env._(
                        "%(name)s: INN %(inn)s is not valid: its check digits do not match. Check the number.",
                        name=partner.display_name,
                        inn=partner.vat,
                    )
                )

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

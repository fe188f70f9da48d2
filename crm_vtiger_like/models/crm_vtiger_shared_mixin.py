import re
from urllib.parse import urlsplit

import phonenumbers
from stdnum.ru import inn as ru_inn

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.mail import email_split

from .crm_vtiger_phone import DEFAULT_REGION, format_phone

EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]{2,}$")


class CrmVtigerSharedMixin(models.AbstractModel):
    """Fields vtiger leads, accounts and contacts have in common, with their
    validation: second e-mail, fax, revenue, headcount, rating, social
    networks and the e-mail opt-out."""

    _name = "crm.vtiger.shared.mixin"
    _description = "vtiger fields shared by leads, accounts and contacts"

    # fields holding URLs / e-mail addresses, checked by the constraints below
    _vtiger_url_fields = ("vk_url", "twitter_url", "facebook_url")
    _vtiger_email_fields = ("email_secondary",)

    email_secondary = fields.Char("Secondary Email")
    fax = fields.Char()
    vtiger_currency_id = fields.Many2one("res.currency", compute="_compute_vtiger_currency_id")
    annual_revenue = fields.Monetary(currency_field="vtiger_currency_id")
    employee_count = fields.Integer("Employees")
    rating_id = fields.Many2one("crm.vtiger.rating", ondelete="restrict", tracking=True)
    vk_url = fields.Char("VKontakte URL")
    twitter_url = fields.Char("Twitter URL")
    facebook_url = fields.Char("Facebook URL")
    email_opt_out = fields.Boolean(
        help="Do not send e-mails: mass e-mails and the addon's own mailings skip this record.",
    )

    @api.depends("company_id")
    def _compute_vtiger_currency_id(self):
        for record in self:
            record.vtiger_currency_id = (record.company_id or self.env.company).currency_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vtiger_prepare_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._vtiger_prepare_vals(vals)
        return super().write(vals)

    def _vtiger_prepare_vals(self, vals):
        """Clean or refuse incoming values before they are written (``self``
        is the records written, empty on create). Here: give typed social
        URLs a scheme, as Odoo does for websites, and store a Russian INN
        typed with spaces or an RU prefix as its digits (as base_vat does);
        write phone numbers in the international format."""
        self._vtiger_format_phones(vals)
        inn = self._vtiger_compact_inn(vals.get("vat")) if isinstance(vals.get("vat"), str) else ""
        if inn.isdigit() and len(inn) in (10, 12):
            vals["vat"] = inn
        for fname in self._vtiger_url_fields:
            value = vals.get(fname)
            if value and isinstance(value, str):
                value = value.strip()
                vals[fname] = value if "://" in value else f"https://{value}"
        return vals

    def _vtiger_format_phones(self, vals):
        """Write the numbers of the phone fields of ``vals`` as Odoo's phone
        validation formats them (``+7 912 345-67-89``), read as the phone
        index reads them (the record's country, then the company's). Only
        numbers of the company's country are formatted: foreign numbers and
        values that are not numbers are kept as typed, as Odoo keeps them."""
        fnames = [
            fname
            for fname in getattr(self, "_vtiger_phone_fields", ())
            if isinstance(vals.get(fname), str) and vals[fname].strip()
        ]
        if not fnames:
            return
        if "country_id" in vals:
            country_ids = {vals["country_id"]}
        else:
            country_ids = {record.country_id.id for record in self} or {False}
        codes = self.env["crm.vtiger.phone"]._vtiger_country_codes()
        home = self.env.company.country_id.code or DEFAULT_REGION
        home_code = phonenumbers.country_code_for_region(home)
        all_regions = [
            tuple(dict.fromkeys(filter(None, (codes.get(country_id), home, DEFAULT_REGION))))
            for country_id in country_ids
        ]
        for fname in fnames:
            raw = vals[fname].strip()
            # one value written on records of several countries: formatted
            # only when it reads the same for each of them
            formatted = {format_phone(raw, regions, home_code) for regions in all_regions}
            if len(formatted) == 1 and (number := formatted.pop()):
                vals[fname] = number

    @api.model
    def _vtiger_compact_inn(self, vat):
        number = re.sub(r"[\s\-.]", "", vat or "").upper()
        return number.removeprefix("RU")

    @api.model
    def _vtiger_check_inn(self, name, vat, person=False):
        """Refuse a Russian INN (ИНН) of the wrong length or check digits:
        10 digits for an organization, 12 for an entrepreneur or a person."""
        number = self._vtiger_compact_inn(vat)
        if not number.isdigit() or len(number) not in ((12,) if person else (10, 12)):
            raise ValidationError(
                self.env._("%(name)s: a person's INN has 12 digits (got “%(inn)s”).", name=name, inn=vat)
                if person
                else self.env._(
                    "%(name)s: the INN must have 10 digits for an organization, 12 for an individual "
                    "entrepreneur or a person (got “%(inn)s”).",
                    name=name,
                    inn=vat,
                )
            )
        if not ru_inn.is_valid(number):
            raise ValidationError(
                self.env._(
                    "%(name)s: INN %(inn)s is not valid: its check digits do not match. Check the number.",
                    name=name,
                    inn=vat,
                )
            )

    @api.model
    def _vtiger_is_valid_url(self, value):
        parts = urlsplit(value)
        host = parts.hostname or ""
        return parts.scheme in ("http", "https") and "." in host.strip(".") and not re.search(r"\s", value)

    @api.model
    def _vtiger_invalid_emails(self, value):
        """The addresses of ``value`` that are not valid e-mails (a value may
        hold several addresses, and ``Name <address>`` forms)."""
        if "<" in value:
            addresses = email_split(value)
        else:
            addresses = [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
        if not addresses:
            return [value]
        return [address for address in addresses if not EMAIL_RE.match(address)]

    @api.constrains(lambda self: self._vtiger_url_fields)
    def _check_vtiger_urls(self):
        for record in self:
            for fname in self._vtiger_url_fields:
                if record[fname] and not self._vtiger_is_valid_url(record[fname]):
                    raise ValidationError(
                        self.env._(
                            "%(field)s: “%(value)s” is not a valid web address (expected e.g. https://vk.com/company).",
                            field=self._fields[fname]._description_string(self.env),
                            value=record[fname],
                        )
                    )

    @api.constrains(lambda self: self._vtiger_email_fields)
    def _check_vtiger_emails(self):
        for record in self:
            for fname in self._vtiger_email_fields:
                invalid = record[fname] and self._vtiger_invalid_emails(record[fname])
                if invalid:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: “%(value)s” is not a valid e-mail address.",
                            field=self._fields[fname]._description_string(self.env),
                            value=invalid[0],
                        )
                    )

    @api.constrains("annual_revenue", "employee_count")
    def _check_vtiger_non_negative(self):
        for record in self:
            for fname in ("annual_revenue", "employee_count"):
                if record[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s cannot be negative.",
                            field=self._fields[fname]._description_string(self.env),
                        )
                    )

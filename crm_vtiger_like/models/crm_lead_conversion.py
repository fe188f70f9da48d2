from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ADDRESS_FIELDS = ("street", "street2", "city", "state_id", "zip", "country_id")
# what describes the person: the contact's, or the account's when there is no contact
PERSON_FIELDS = {
    "email_from": "email",
    "email_secondary": "email_secondary",
    "mobile": "mobile",
    "vk_url": "vk_url",
    "twitter_url": "twitter_url",
    "facebook_url": "facebook_url",
    "email_opt_out": "email_opt_out",
    "description": "comment",
}
# lead field -> the same value on the account / the contact made from it
ACCOUNT_FIELDS = {
    "partner_name": "name",
    "vat": "vat",
    "phone": "phone",
    "fax": "fax",
    "website": "website",
    "industry_id": "industry_id",
    "annual_revenue": "annual_revenue",
    "employee_count": "employee_count",
    "rating_id": "rating_id",
    "user_id": "user_id",
    **dict(zip(ADDRESS_FIELDS, ADDRESS_FIELDS, strict=True)),
}
CONTACT_FIELDS = {
    "first_name": "first_name",
    "middle_name": "middle_name",
    "last_name": "last_name",
    "title": "title",
    "function": "function",
    "phone": "phone",
    "fax": "fax",
    "source_id": "source_id",
    "user_id": "user_id",
    **PERSON_FIELDS,
    **dict(zip(ADDRESS_FIELDS, ADDRESS_FIELDS, strict=True)),
}


class CrmLead(models.Model):
    """vtiger's "Create deal from lead": account + contact (+ deal), matching
    existing ones by normalized phone, e-mail or name first."""

    _inherit = "crm.lead"

    is_converted = fields.Boolean(
        "Converted",
        compute="_compute_is_converted",
        search="_search_is_converted",
        help="Converted to a deal, or converted to an account / contact without deal (then archived).",
    )

    @api.depends("type", "date_conversion")
    def _compute_is_converted(self):
        for lead in self:
            lead.is_converted = lead.type == "opportunity" or bool(lead.date_conversion)

    def _search_is_converted(self, operator, value):
        converted = ["|", ("type", "=", "opportunity"), ("date_conversion", "!=", False)]
        return converted if (operator == "=") == bool(value) else ["!", *converted]

    # -- matching ---------------------------------------------------------------
    def _vtiger_lead_numbers(self):
        Phone = self.env["crm.vtiger.phone"]
        regions = tuple(filter(None, (self.country_id.code, (self.company_id or self.env.company).country_id.code)))
        numbers = (Phone._vtiger_normalize(self[fname], (*regions, "RU")) for fname in self._vtiger_phone_fields)
        return list({number for number in numbers if number})

    def _vtiger_conversion_matches(self):
        """Existing accounts and contacts that look like this lead's, best
        first: {"account": [(partner, score, reasons)], "contact": [...]}.
        Every look-up goes through an index (phone index, e-mail, INN, name)."""
        self.ensure_one()
        scores = {"company": {}, "person": {}}

        def add(kind, partner_id, score, reason):
            entry = scores[kind].setdefault(partner_id, [0, []])
            entry[0] += score
            entry[1].append(reason)

        numbers = self._vtiger_lead_numbers()
        if numbers:
            for partner_id, segment in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT res_id, segment FROM crm_vtiger_phone WHERE res_model = 'res.partner'"
                    " AND number = ANY(%s) AND active AND field != 'assistant_phone'",
                    numbers,
                )
            ):
                add(segment, partner_id, 3, self.env._("phone"))
        if self.email_normalized:
            for partner_id, is_company in self.env.execute_query(
                SQL(
                    "SELECT id, is_company FROM res_partner WHERE email_normalized = %s AND active",
                    self.email_normalized,
                )
            ):
                add("company" if is_company else "person", partner_id, 3 if not is_company else 1, self.env._("e-mail"))
        inn = self._vtiger_compact_inn(self.vat)
        if inn:
            # the owner of the INN only: contacts carry their account's copy
            for partner_id, is_company in self.env.execute_query(
                SQL(
                    "SELECT id, is_company FROM res_partner WHERE vat IN %s AND active AND commercial_partner_id = id",
                    (inn, f"RU{inn}"),
                )
            ):
                add("company" if is_company else "person", partner_id, 4, self.env._("INN"))
        if self.partner_name:
            for (partner_id,) in self.env.execute_query(
                SQL(
                    "SELECT id FROM res_partner WHERE name = %s AND is_company AND active",
                    self.partner_name.strip(),
                )
            ):
                add("company", partner_id, 2, self.env._("name"))
        Partner = self.env["res.partner"]
        visible = Partner.search([("id", "in", [pid for kind in scores.values() for pid in kind])])
        # the company of a matching contact is a matching account
        for contact in visible.filtered(lambda p: not p.is_company and p.parent_id.is_company):
            if contact.id in scores["person"]:
                add("company", contact.parent_id.id, 2, self.env._("contact's account"))
        visible |= Partner.search([("id", "in", list(scores["company"]))])

        def ranked(kind):
            found = [
                (Partner.browse(pid), score, reasons)
                for pid, (score, reasons) in scores[kind].items()
                if pid in visible.ids
            ]
            return sorted(found, key=lambda item: (-item[1], item[0].id))

        return {"account": ranked("company"), "contact": ranked("person")}

    def _find_matching_partner(self, email_only=False):
        """Odoo's own conversion flows match through our indexes too (no scan
        of every partner's e-mail)."""
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        matches = self._vtiger_conversion_matches()
        best = (matches["contact"] or matches["account"])[:1]
        if best:
            return best[0][0]
        return self.env["res.partner"] if email_only else super()._find_matching_partner(email_only=email_only)

    # -- values -------------------------------------------------------------------
    def _vtiger_partner_values(self, mapping):
        self.ensure_one()
        values = {}
        for lead_field, partner_field in mapping.items():
            value = self[lead_field]
            if value:
                values[partner_field] = self._fields[lead_field].convert_to_write(value, self)
        return values

    def _vtiger_account_values(self, with_contact):
        mapping = ACCOUNT_FIELDS if with_contact else {**ACCOUNT_FIELDS, **PERSON_FIELDS}
        return {**self._vtiger_partner_values(mapping), "is_company": True}

    def _vtiger_contact_values(self, account):
        values = self._vtiger_partner_values(CONTACT_FIELDS)
        values.update(is_company=False, type="contact")
        if not account:
            # a person on their own: their site, and an entrepreneur's own INN
            if self.website:
                values["website"] = self.website
            if len(self._vtiger_compact_inn(self.vat)) == 12:
                values["vat"] = self.vat
        if account:
            values["parent_id"] = account.id
            for fname in ADDRESS_FIELDS:
                values.pop(fname, None)  # a contact lives at its account's address
        return values

    @api.model
    def _vtiger_missing_values(self, partner, values):
        """The part of ``values`` that would fill empty fields of ``partner``
        (an existing record is completed, never overwritten; its name stays)."""
        kept = {"is_company", "type", "name", "first_name", "middle_name", "last_name"}
        return {
            fname: value
            for fname, value in values.items()
            if fname in partner._fields and not partner[fname] and fname not in kept
        }

    # -- conversion -----------------------------------------------------------------
    def _vtiger_check_convertible(self):
        for lead in self:
            if lead.is_converted or not lead.active:
                raise UserError(self.env._("%(lead)s is already converted.", lead=lead.display_name))
            if not lead.last_name and not lead.partner_name:
                raise UserError(
                    self.env._(
                        "%(lead)s has neither a last name nor an organization: there is nobody to convert it to.",
                        lead=lead.display_name,
                    )
                )

    def _vtiger_convert_partners(self, account=None, contact=None, create_account=True, create_contact=True):
        """Create or complete the account and the contact of this lead and
        link the lead to them. Returns (account, contact)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        account, contact = account or Partner, contact or Partner
        wants_contact = bool(contact) or (create_contact and self.last_name and not self._vtiger_last_name_is_company())
        if account:
            account.write(self._vtiger_missing_values(account, self._vtiger_account_values(wants_contact)))
        elif create_account and self.partner_name:
            account = Partner.create(
                {
                    **self._vtiger_account_values(wants_contact),
                    "converted_from_lead": True,
                    "source_lead_id": self.id,
                }
            )
        if contact:
            values = self._vtiger_contact_values(account)
            if contact.parent_id:
                values.pop("parent_id", None)
                values.pop("vat", None)  # a contact carries its account's
            contact.write(self._vtiger_missing_values(contact, values))
        elif wants_contact:
            contact = Partner.create(
                {
                    **self._vtiger_contact_values(account),
                    "converted_from_lead": True,
                    "source_lead_id": self.id,
                }
            )
        if contact or account:
            self.partner_id = contact or account
        return account, contact

    def _vtiger_last_name_is_company(self):
        """A last name derived from the organization (see crm_lead_name) names no person."""
        return not self.first_name and self.last_name == self.partner_name

    def _vtiger_archive_as_converted(self):
        """Converted without a deal: archive the leads, marked converted.
        Archiving deletes a record's open activities (mail.activity.mixin), so
        they move to the lead's contact / account first."""
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        for lead in self.filtered("partner_id"):
            lead.activity_ids.write({"res_model_id": partner_model_id, "res_id": lead.partner_id.id})
        self.write({"date_conversion": fields.Datetime.now(), "active": False})

    def _vtiger_post_conversion_notes(self, account, contact, with_deal):
        """A note on each record of the conversion linking the others."""

        def link(record):
            return Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
                record._name,
                record.id,
                record.display_name,
            )

        records = [(self.env._("Deal") if with_deal else self.env._("Lead"), self)]
        records += [(self.env._("Account"), account), (self.env._("Contact"), contact)]
        records = [(label, record) for label, record in records if record]
        for _label, record in records:
            others = Markup(", ").join(
                Markup("%s: %s") % (label, link(other)) for label, other in records if other != record
            )
            record._message_log(
                body=Markup("<p>%s %s</p>")
                % (self.env._("Converted from lead %(lead)s.", lead=self.lead_no or self.display_name), others)
            )

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import record_link

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
# how much each kind of match weighs (a company's e-mail is often a shared box)
MATCH_SCORES = {"phone": 3, "email": 3, "company_email": 1, "inn": 4, "name": 2, "contact_account": 2}
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
    vtiger_converted_partner_count = fields.Integer(
        "Converted To",
        compute="_compute_vtiger_converted_partner_count",
        help="Accounts and contacts created by converting this lead.",
    )

    @api.depends("type", "date_conversion")
    def _compute_is_converted(self):
        for lead in self:
            lead.is_converted = lead.type == "opportunity" or bool(lead.date_conversion)

    def _search_is_converted(self, operator, value):
        converted = ["|", ("type", "=", "opportunity"), ("date_conversion", "!=", False)]
        return converted if (operator == "=") == bool(value) else ["!", *converted]

    def _compute_vtiger_converted_partner_count(self):
        leads = self.filtered("id")  # new records have none
        counts = dict(
            self.env["res.partner"]._read_group([("source_lead_id", "in", leads.ids)], ["source_lead_id"], ["__count"])
        )
        for lead in self:
            lead.vtiger_converted_partner_count = counts.get(lead, 0)

    def action_view_vtiger_converted_partners(self):
        """The accounts and contacts made from this lead."""
        self.ensure_one()
        partners = self.env["res.partner"].search([("source_lead_id", "=", self.id)])
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Converted from %(lead)s", lead=self.lead_no or self.display_name),
            "res_model": "res.partner",
            "domain": [("source_lead_id", "=", self.id)],
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
        }
        if len(partners) == 1:
            action.update(res_id=partners.id, views=[(False, "form")])
        return action

    # -- matching ---------------------------------------------------------------
    def _vtiger_lead_numbers(self):
        Phone = self.env["crm.vtiger.phone"]
        regions = tuple(filter(None, (self.country_id.code, (self.company_id or self.env.company).country_id.code)))
        numbers = (Phone._vtiger_normalize(self[fname], (*regions, "RU")) for fname in self._vtiger_phone_fields)
        return list({number for number in numbers if number})

    @api.model
    def _vtiger_match_reason_labels(self):
        """What the reason codes of ``_vtiger_conversion_matches`` say to users."""
        return {
            "phone": self.env._("phone"),
            "email": self.env._("e-mail"),
            "inn": self.env._("INN"),
            "name": self.env._("name"),
            "contact_account": self.env._("contact's account"),
        }

    def _vtiger_match_keys(self):
        """What each signal looks up for these leads: {signal: {key: lead ids}}."""
        keys = {signal: defaultdict(set) for signal in ("phone", "email", "inn", "name")}
        for lead in self:
            for number in lead._vtiger_lead_numbers():
                keys["phone"][number].add(lead.id)
            if lead.email_normalized:
                keys["email"][lead.email_normalized].add(lead.id)
            if inn := self._vtiger_compact_inn(lead.vat):
                keys["inn"][inn].add(lead.id)
            if name := (lead.partner_name or "").strip():
                keys["name"][name].add(lead.id)
        return keys

    def _vtiger_match_waves(self):
        """These leads in groups to match together, in order: a lead sharing a
        phone, e-mail, INN or organization name with an earlier one comes in a
        later group, so that it finds the account and contact made from it."""
        keys_of = defaultdict(set)
        for signal, keys in self._vtiger_match_keys().items():
            for key, lead_ids in keys.items():
                for lead_id in lead_ids:
                    keys_of[lead_id].add((signal, key))
        last_wave_of, waves = {}, []
        for lead in self:
            wave = max((last_wave_of[key] + 1 for key in keys_of[lead.id] if key in last_wave_of), default=0)
            last_wave_of.update(dict.fromkeys(keys_of[lead.id], wave))
            if wave == len(waves):
                waves.append(self.browse())
            waves[wave] |= lead
        return waves

    def _vtiger_match_hits(self):
        """(lead ids, "company" | "person", partner id, score, reason) for every
        partner matching these leads: one indexed query per signal."""
        keys = self._vtiger_match_keys()
        self.env["crm.vtiger.phone"].flush_model()
        self.env["res.partner"].flush_model(
            ["active", "commercial_partner_id", "email_normalized", "is_company", "name", "vat"]
        )
        queries = {
            "phone": SQL(
                "SELECT DISTINCT number, res_id, segment = 'company' FROM crm_vtiger_phone"
                " WHERE res_model = 'res.partner' AND number = ANY(%s) AND active AND field != 'assistant_phone'",
                list(keys["phone"]),
            ),
            "email": SQL(
                "SELECT email_normalized, id, is_company FROM res_partner WHERE email_normalized = ANY(%s) AND active",
                list(keys["email"]),
            ),
            # the owner of the INN only: contacts carry their account's copy
            "inn": SQL(
                "SELECT regexp_replace(vat, '^RU', ''), id, is_company FROM res_partner"
                " WHERE vat = ANY(%s) AND active AND commercial_partner_id = id",
                [vat for inn in keys["inn"] for vat in (inn, f"RU{inn}")],
            ),
            "name": SQL(
                "SELECT name, id, true FROM res_partner WHERE name = ANY(%s) AND is_company AND active",
                list(keys["name"]),
            ),
        }
        for signal, query in queries.items():
            if not keys[signal]:
                continue
            for key, partner_id, is_company in self.env.execute_query(query):
                kind = "company" if is_company else "person"
                score = MATCH_SCORES["company_email" if signal == "email" and is_company else signal]
                yield keys[signal][key], kind, partner_id, score, signal

    def _vtiger_conversion_matches(self):
        """Existing accounts and contacts that look like each lead, best first:
        ``{lead_id: {"account": [[partner_id, [reason, ...]], ...], "contact": [...]}}``
        (reasons are codes of ``_vtiger_match_reason_labels``), among the
        partners the user may read. The same few queries for any number of leads."""
        scores = {lead.id: {"company": {}, "person": {}} for lead in self}

        def add(lead_ids, kind, partner_id, score, reason):
            for lead_id in lead_ids:
                entry = scores[lead_id][kind].setdefault(partner_id, [0, []])
                if reason not in entry[1]:
                    entry[0] += score
                    entry[1].append(reason)

        for hit in self._vtiger_match_hits():
            add(*hit)
        Partner = self.env["res.partner"]
        found = {partner_id for kinds in scores.values() for kind in kinds.values() for partner_id in kind}
        visible = Partner.search([("id", "in", list(found))])
        # the company of a matching contact is a matching account
        for contact in visible.filtered(lambda p: not p.is_company and p.parent_id.is_company):
            lead_ids = [lead_id for lead_id, kinds in scores.items() if contact.id in kinds["person"]]
            add(lead_ids, "company", contact.parent_id.id, MATCH_SCORES["contact_account"], "contact_account")
        accounts = {partner_id for kinds in scores.values() for partner_id in kinds["company"]}
        visible_ids = set(visible.ids) | set(Partner.search([("id", "in", list(accounts - found))]).ids)

        def ranked(found):
            best_first = sorted((-score, partner_id, reasons) for partner_id, (score, reasons) in found.items())
            return [[partner_id, reasons] for _score, partner_id, reasons in best_first if partner_id in visible_ids]

        return {
            lead_id: {"account": ranked(kinds["company"]), "contact": ranked(kinds["person"])}
            for lead_id, kinds in scores.items()
        }

    def _find_matching_partner(self, email_only=False):
        """Odoo's own conversion flows match through our indexes too (phone,
        e-mail, INN, name), Odoo's name search last. With ``email_only`` it is
        Odoo's e-mail match alone. A conversion wizard passes the matches it
        already found in the context (``crm_vtiger_matches``: {lead_id: matches})."""
        self.ensure_one()
        if self.partner_id or email_only:
            return super()._find_matching_partner(email_only=email_only)
        known = self.env.context.get("crm_vtiger_matches") or {}
        matches = known[self.id] if self.id in known else self._vtiger_conversion_matches()[self.id]
        best = (matches["contact"] or matches["account"])[:1]
        if best:
            return self.env["res.partner"].browse(best[0][0])
        return super()._find_matching_partner()

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

    def _vtiger_convert_partners(self, choices):
        """Create or complete the account and the contact of each of these
        leads and link the lead to them. ``choices`` is {lead: (account,
        contact, create_account, create_contact)}; the new accounts are
        created in one batch, then the new contacts. Returns {lead: (account,
        contact)}."""
        # the conversion proposed the matching clients first: what it creates is wanted
        Partner = self.env["res.partner"].with_context(vtiger_allow_duplicates=True)
        plans, new_accounts = {}, {}
        for lead in self:
            account, contact, create_account, create_contact = choices[lead]
            account, contact = account or Partner, contact or Partner
            wants_contact = bool(contact) or (
                create_contact and lead.last_name and not lead._vtiger_last_name_is_company()
            )
            if account:
                account.write(lead._vtiger_missing_values(account, lead._vtiger_account_values(wants_contact)))
            elif create_account and lead.partner_name:
                new_accounts[lead] = {
                    **lead._vtiger_account_values(wants_contact),
                    "converted_from_lead": True,
                    "source_lead_id": lead.id,
                }
            plans[lead] = [account, contact, wants_contact]
        for lead, account in zip(new_accounts, Partner.create(list(new_accounts.values())), strict=True):
            plans[lead][0] = account
        new_contacts = {}
        for lead, (account, contact, wants_contact) in plans.items():
            if contact:
                values = lead._vtiger_contact_values(account)
                if contact.parent_id:
                    values.pop("parent_id", None)
                    values.pop("vat", None)  # a contact carries its account's
                contact.write(lead._vtiger_missing_values(contact, values))
            elif wants_contact:
                new_contacts[lead] = {
                    **lead._vtiger_contact_values(account),
                    "converted_from_lead": True,
                    "source_lead_id": lead.id,
                }
        for lead, contact in zip(new_contacts, Partner.create(list(new_contacts.values())), strict=True):
            plans[lead][1] = contact
        done = {}
        for lead, (account, contact, _wants_contact) in plans.items():
            if contact or account:
                lead.partner_id = contact or account
            done[lead] = (account, contact)
        return done

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

    def _vtiger_made_by_conversion(self, partner):
        """Whether ``partner`` was created by converting this lead (an existing
        one linked by the conversion was not)."""
        return partner.converted_from_lead and partner.source_lead_id == self

    def _vtiger_conversion_parts(self, account, contact, with_deal):
        """(label, record, created) of what the conversion of this lead made or linked."""
        parts = [(self.env._("Deal") if with_deal else self.env._("Lead"), self, False)]
        parts += [
            (label, partner, self._vtiger_made_by_conversion(partner))
            for label, partner in ((self.env._("Account"), account), (self.env._("Contact"), contact))
            if partner
        ]
        return parts

    @api.model
    def _vtiger_post_conversion_notes(self, done, with_deal):
        """A note on each record of each conversion of ``done`` ({lead:
        (account, contact)}) linking the others: "created from the lead" only
        on the records the conversion created. Logged in one batch per model
        (a record linked by several conversions gets one note for each)."""
        notes = defaultdict(list)
        for lead, (account, contact) in done.items():
            parts = lead._vtiger_conversion_parts(account, contact, with_deal)
            name = lead.lead_no or lead.display_name
            for _label, record, created in parts:
                others = Markup(", ").join(
                    Markup("%s: %s") % (label, record_link(other))
                    for label, other, _created in parts
                    if other != record
                )
                if record == lead:
                    intro = self.env._("Converted from lead %(lead)s.", lead=name)
                elif created:
                    intro = self.env._("Created from lead %(lead)s.", lead=name)
                else:
                    intro = self.env._("Linked to lead %(lead)s on its conversion.", lead=name)
                notes[record._name, record.id].append(Markup("<p>%s %s</p>") % (intro, others))
        while notes:
            bodies = defaultdict(dict)
            for (model, record_id), pending in list(notes.items()):
                bodies[model][record_id] = pending.pop(0)
                if not pending:
                    del notes[model, record_id]
            for model, model_bodies in bodies.items():
                self.env[model].browse(list(model_bodies))._message_log_batch(model_bodies)

    def _vtiger_conversion_notification(self, account, contact, with_deal, next_action):
        """The toast saying what the conversion of this lead created or linked,
        with links to the account and contact, then ``next_action``."""
        self.ensure_one()
        lead = self.lead_no or self.display_name
        if with_deal:
            message = self.env._("Deal %(deal)s created from lead %(lead)s.", deal=self.deal_no, lead=lead)
        else:
            message = self.env._("Lead %(lead)s converted without a deal and archived.", lead=lead)
        links = []
        for label, partner, created in self._vtiger_conversion_parts(account, contact, with_deal)[1:]:
            state = self.env._("created") if created else self.env._("linked")
            # "%s" is where the notification puts the link
            message += " " + self.env._("%(kind)s %%s (%(state)s).", kind=label, state=state)
            links.append({"label": partner.display_name, "url": f"/odoo/res.partner/{partner.id}"})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Lead converted"),
                "message": message,
                "links": links,
                "type": "success",
                "sticky": True,
                "next": next_action,
            },
        }

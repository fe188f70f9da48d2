from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

ACTIONS = [("create", "Create new"), ("exist", "Link to existing"), ("none", "None")]


class CrmLead2OpportunityPartner(models.TransientModel):
    """Odoo's "Convert to opportunity" wizard, vtiger style: an account and a
    contact (matches proposed first, best one preselected) and an optional
    deal. The mass variant inherits it and converts each lead alike."""

    _inherit = "crm.lead2opportunity.partner"
    # one lead converted: a toast says what was made (not in mass)
    _vtiger_conversion_toast = True

    # editable, so that the value the form sends back is kept (a readonly
    # computed field would be recomputed on save)
    vtiger_matches = fields.Json(
        "Matches",
        compute="_compute_vtiger_matches",
        store=True,
        readonly=False,
        help="The lead's matching accounts and contacts, best first, with why they match: looked up once per lead.",
    )
    vtiger_account_action = fields.Selection(
        ACTIONS, "Account", compute="_compute_vtiger_choices", store=True, readonly=False
    )
    vtiger_account_id = fields.Many2one(
        "res.partner",
        "Existing Account",
        domain=[("is_company", "=", True)],
        compute="_compute_vtiger_choices",
        store=True,
        readonly=False,
    )
    vtiger_account_match_ids = fields.Many2many(
        "res.partner", string="Matching Accounts", compute="_compute_vtiger_match_ids"
    )
    vtiger_contact_action = fields.Selection(
        ACTIONS, "Contact", compute="_compute_vtiger_choices", store=True, readonly=False
    )
    vtiger_contact_id = fields.Many2one(
        "res.partner",
        "Existing Contact",
        domain=[("is_company", "=", False)],
        compute="_compute_vtiger_choices",
        store=True,
        readonly=False,
    )
    vtiger_contact_match_ids = fields.Many2many(
        "res.partner", string="Matching Contacts", compute="_compute_vtiger_match_ids"
    )
    vtiger_create_deal = fields.Boolean("Create a Deal", default=True)
    vtiger_preview = fields.Html("What Will Happen", compute="_compute_vtiger_preview", sanitize=False)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Crm's conversion actions (``name``) in vtiger's words."""
        result = super().fields_get(allfields=allfields, attributes=attributes)
        if "selection" in result.get("name", {}):
            labels = {"convert": self.env._("Convert"), "merge": self.env._("Merge with existing deals")}
            result["name"]["selection"] = [
                [value, labels.get(value, label)] for value, label in result["name"]["selection"]
            ]
        return result

    @api.depends("lead_id")
    def _compute_vtiger_matches(self):
        matches = self.lead_id._vtiger_conversion_matches() if self.lead_id else {}
        for wizard in self:
            wizard.vtiger_matches = matches.get(wizard.lead_id.id, False)

    @api.depends("vtiger_matches")
    def _compute_vtiger_match_ids(self):
        Partner = self.env["res.partner"]
        for wizard in self:
            matches = wizard.vtiger_matches or {}
            wizard.vtiger_account_match_ids = Partner.browse([pid for pid, _reasons in matches.get("account", [])])
            wizard.vtiger_contact_match_ids = Partner.browse([pid for pid, _reasons in matches.get("contact", [])])

    @api.depends("vtiger_matches")
    def _compute_vtiger_choices(self):
        for wizard in self:
            lead = wizard.lead_id
            accounts, contacts = wizard.vtiger_account_match_ids, wizard.vtiger_contact_match_ids
            wizard.vtiger_account_id = accounts[:1]
            wizard.vtiger_contact_id = contacts[:1]
            wizard.vtiger_account_action = "exist" if accounts else ("create" if lead.partner_name else "none")
            person = lead.last_name and not lead._vtiger_last_name_is_company()
            wizard.vtiger_contact_action = "exist" if contacts else ("create" if person else "none")

    def _vtiger_with_matches(self):
        """These wizards, handing their matches to ``_find_matching_partner``
        so that Odoo's own computes do not look them up again."""
        return self.with_context(
            crm_vtiger_matches={wizard.lead_id.id: wizard.vtiger_matches for wizard in self if wizard.vtiger_matches}
        )

    def _compute_action(self):
        return super(CrmLead2OpportunityPartner, self._vtiger_with_matches())._compute_action()

    def _compute_partner_id(self):
        return super(CrmLead2OpportunityPartner, self._vtiger_with_matches())._compute_partner_id()

    @api.depends(
        "vtiger_matches",
        "vtiger_account_action",
        "vtiger_account_id",
        "vtiger_contact_action",
        "vtiger_contact_id",
        "vtiger_create_deal",
    )
    def _compute_vtiger_preview(self):
        labels = self.env["crm.lead"]._vtiger_match_reason_labels()
        for wizard in self:
            lead, items = wizard.lead_id, []
            if not lead:
                wizard.vtiger_preview = False
                continue
            account, contact = wizard._vtiger_chosen_account(), wizard._vtiger_chosen_contact()
            with_contact = bool(contact) or wizard.vtiger_contact_action == "create"
            matches = wizard.vtiger_matches or {}
            for label, record, values, found in (
                (self.env._("Account"), account, lead._vtiger_account_values(with_contact), matches.get("account", [])),
                (self.env._("Contact"), contact, lead._vtiger_contact_values(account), matches.get("contact", [])),
            ):
                reasons = next((reasons for partner_id, reasons in found if partner_id == record.id), None)
                if record and reasons:
                    items.append(
                        self.env._(
                            "%(kind)s %(name)s matches the lead by: %(reasons)s.",
                            kind=label,
                            name=record.display_name,
                            reasons=", ".join(labels[reason] for reason in reasons),
                        )
                    )
                if record:
                    missing = lead._vtiger_missing_values(record, values)
                    names = ", ".join(record._fields[f]._description_string(self.env) for f in missing)
                    items.append(
                        self.env._(
                            "%(kind)s %(name)s will be completed with: %(fields)s",
                            kind=label,
                            name=record.display_name,
                            fields=names,
                        )
                        if names
                        else self.env._(
                            "%(kind)s %(name)s stays as it is: the lead has nothing for its empty fields.",
                            kind=label,
                            name=record.display_name,
                        )
                    )
            if wizard.vtiger_account_action == "create" and lead.partner_name:
                items.append(self.env._("A new account %(name)s will be created.", name=lead.partner_name))
            if wizard.vtiger_contact_action == "create" and with_contact and not contact:
                items.append(
                    self.env._("A new contact %(name)s will be created.", name=lead.contact_name or lead.last_name)
                )
            items.append(
                self.env._("The lead becomes a deal (it keeps its number %(number)s).", number=lead.lead_no)
                if wizard.vtiger_create_deal
                else self.env._("No deal: the lead is archived as converted; its open activities move to the contact.")
            )
            wizard.vtiger_preview = Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s</li>") % escape(item) for item in items
            )

    def _vtiger_chosen_account(self):
        return self.vtiger_account_id if self.vtiger_account_action == "exist" else self.env["res.partner"]

    def _vtiger_chosen_contact(self):
        return self.vtiger_contact_id if self.vtiger_contact_action == "exist" else self.env["res.partner"]

    def _vtiger_convert_leads(self, leads):
        """Make or complete the account and contact of each lead with the
        user's choices here: {lead: (account, contact)}."""
        choice = (
            self._vtiger_chosen_account(),
            self._vtiger_chosen_contact(),
            self.vtiger_account_action == "create",
            self.vtiger_contact_action == "create",
        )
        return leads._vtiger_convert_partners(dict.fromkeys(leads, choice))

    def _vtiger_leads_to_convert(self, leads):
        """The leads converted vtiger style; this wizard refuses bad input."""
        leads._vtiger_check_convertible()
        return leads

    def _convert_and_allocate(self, leads, user_ids, team_id=False):
        """Account and contact for each lead first (all or nothing), then
        Odoo's own conversion, or archiving when no deal is wanted. Merging
        with existing opportunities stays Odoo's own."""
        self.ensure_one()
        if self.name == "merge":
            return super()._convert_and_allocate(leads, user_ids, team_id=team_id)
        vtiger_leads = self._vtiger_leads_to_convert(leads.filtered("active"))
        with self.env.cr.savepoint():
            done = self._vtiger_convert_leads(vtiger_leads)
            result = None
            if self.vtiger_create_deal:
                result = super(
                    CrmLead2OpportunityPartner, self.with_context(crm_vtiger_partners_done=vtiger_leads.ids)
                )._convert_and_allocate(leads, user_ids, team_id=team_id)
            else:
                for lead, (account, contact) in done.items():
                    if not account and not contact:
                        raise UserError(
                            self.env._(
                                "%(lead)s: without a deal, the conversion must create or link an account or a "
                                "contact. Choose one, or tick “Create a Deal”.",
                                lead=lead.display_name,
                            )
                        )
                vtiger_leads._vtiger_archive_as_converted()
            vtiger_leads._vtiger_post_conversion_notes(done, self.vtiger_create_deal)
        return result

    def _convert_handle_partner(self, lead, action, partner_id):
        if lead.id in self.env.context.get("crm_vtiger_partners_done", ()):
            return  # the account and contact are already there
        return super()._convert_handle_partner(lead, action, partner_id)

    def action_apply(self):
        """Odoo's conversion, then a toast saying what it created or linked
        before the deal (or the archived lead) opens."""
        result = super().action_apply()
        if self.name != "convert" or not self._vtiger_conversion_toast:
            return result
        lead = self.lead_id.with_context(active_test=False)
        partner = lead.partner_id
        contact = partner if not partner.is_company else partner.browse()
        account = contact.parent_id if contact else partner
        with_deal = lead.type == "opportunity"
        # the client opens ``next`` as is: it needs its views (and crm names it "Lead or Opportunity")
        next_action = {
            **result,
            "name": self.env._("Deal") if with_deal else self.env._("Lead"),
            "views": [(False, "form")],
        }
        return lead._vtiger_conversion_notification(account, contact, with_deal, next_action)


class CrmLead2OpportunityPartnerMass(models.TransientModel):
    _inherit = "crm.lead2opportunity.partner.mass"
    _vtiger_conversion_toast = False

    def action_mass_convert(self):
        """Odoo's mass conversion, its merge of the leads of the same person
        included, all or nothing."""
        with self.env.cr.savepoint():
            return super().action_mass_convert()

    def _vtiger_convert_leads(self, leads):
        """In mass, each lead gets its best matches, or new records. The
        matches are looked up for many leads at once (see
        ``_vtiger_match_waves``: a lead like an earlier one finds what that
        one made, nobody is doubled)."""
        Partner, done = self.env["res.partner"], {}
        for wave in leads._vtiger_match_waves():
            matches = wave._vtiger_conversion_matches()
            choices = {}
            for lead in wave:
                accounts, contacts = matches[lead.id]["account"], matches[lead.id]["contact"]
                account = Partner.browse(accounts[0][0]) if accounts else Partner
                contact = Partner.browse(contacts[0][0]) if contacts else Partner
                choices[lead] = (account, contact, True, True)
            done.update(wave._vtiger_convert_partners(choices))
        return done

    def _vtiger_leads_to_convert(self, leads):
        """In mass, what Odoo converts but vtiger cannot (deals already, leads
        without any name) keeps Odoo's own handling."""
        return leads.filtered(lambda lead: not lead.is_converted and (lead.last_name or lead.partner_name))

    def _convert_handle_partner(self, lead, action, partner_id):
        if lead.id in self.env.context.get("crm_vtiger_partners_done", ()):
            return  # skip Odoo's per-lead e-mail match: the partners are there
        return super()._convert_handle_partner(lead, action, partner_id)

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.mail import parse_contact_from_email

NAME_PARTS = ("first_name", "middle_name", "last_name")


class CrmLead(models.Model):
    """First / middle / last names on leads, kept in sync with Odoo's
    ``contact_name`` both ways."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.vtiger.name.mixin"]
    _vtiger_name_field = "contact_name"

    first_name = fields.Char(compute="_compute_name_parts", store=True, readonly=False)
    middle_name = fields.Char(compute="_compute_name_parts", store=True, readonly=False)
    last_name = fields.Char(compute="_compute_name_parts", store=True, readonly=False)

    @api.depends("partner_id")
    def _compute_name_parts(self):
        """A person chosen as customer gives the lead its name, as Odoo's
        ``contact_name`` does; otherwise the lead keeps its own."""
        for lead in self:
            partner = lead.partner_id
            if partner and not partner.is_company and partner.name:
                lead.update(lead._vtiger_partner_name_parts(partner))
            else:
                lead.update({fname: lead[fname] for fname in NAME_PARTS})

    def _vtiger_partner_name_parts(self, partner):
        return self._vtiger_split_name(partner.name)

    @api.onchange(*NAME_PARTS)
    def _onchange_name_parts(self):
        """Compose the contact name as the user types; a subject that was
        only the person's name follows it."""
        contact_name = self._vtiger_compose_name(self.first_name, self.middle_name, self.last_name)
        if not self.name or self.name == self.contact_name:
            self.name = contact_name or self.partner_name
        self.contact_name = contact_name

    @api.model_create_multi
    def create(self, vals_list):
        importing = self.env.context.get("import_file")
        order = self._vtiger_name_order()
        for vals in vals_list:
            if not self._vtiger_name_vals(vals, order) and not importing and not vals.get("partner_id"):
                vals.update(self._vtiger_derived_name_parts(vals))
        return super().create(vals_list)

    def write(self, vals):
        if any(fname in vals for fname in NAME_PARTS) and "contact_name" not in vals:
            # the parts not written are each lead's own: one write per resulting name
            order = self._vtiger_name_order()
            groups = defaultdict(list)
            for lead in self:
                parts = [vals.get(fname, lead[fname]) for fname in NAME_PARTS]
                groups[self._vtiger_compose_name(*parts, order=order)].append(lead.id)
            for contact_name, ids in groups.items():
                super(CrmLead, self.browse(ids)).write({**vals, "contact_name": contact_name})
            return True
        if "contact_name" in vals and not any(fname in vals for fname in NAME_PARTS):
            vals = {**vals, **self._vtiger_split_name(vals["contact_name"])}
        return super().write(vals)

    @api.model
    def _vtiger_derived_name_parts(self, vals):
        """Name parts for a lead Odoo creates by itself (mail gateway, web
        forms): from the sender's name or address, else the company."""
        display_name, email = parse_contact_from_email(vals.get("email_from") or "")
        if display_name:
            return self._vtiger_split_name(display_name)
        if email:
            return {"last_name": email.split("@")[0]}
        if vals.get("partner_name"):
            return {"last_name": vals["partner_name"]}
        return {}

    @api.model
    def name_create(self, name):
        """``name_create`` (a many2one's "Create ...") names the person too."""
        lead = self.create({"name": name, "contact_name": name})
        return lead.id, lead.display_name

    @api.constrains("type", "last_name", "first_name", "middle_name")
    def _check_last_name(self):
        importing = self.env.context.get("import_file")
        for lead in self:
            if lead.type == "lead" and not lead.last_name and (importing or lead.first_name or lead.middle_name):
                raise ValidationError(
                    self.env._(
                        "Lead “%(lead)s”: the last name is required.",
                        lead=lead.name or lead.contact_name or "",
                    )
                )

    @api.depends("contact_name", "partner_name")
    def _compute_name(self):
        """A lead entered vtiger-style (names, no subject) is titled after
        the person, else the organization."""
        result = super()._compute_name()
        for lead in self:
            if not lead.name:
                lead.name = lead.contact_name or lead.partner_name or lead.name
        return result

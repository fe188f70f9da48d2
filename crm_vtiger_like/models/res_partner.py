import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.mimetypes import guess_mimetype

from .crm_vtiger_number_mixin import number_constraints, number_field

IMAGE_MIMETYPES = ("image/png", "image/jpeg", "image/gif")


class ResPartner(models.Model):
    """vtiger Accounts (companies) and Contacts (persons) on res.partner."""

    _name = "res.partner"
    _inherit = [
        "res.partner",
        "crm.vtiger.number.mixin",
        "crm.vtiger.shared.mixin",
        "crm.vtiger.phone.mixin",
        "crm.vtiger.text.limit.mixin",
    ]

    _vtiger_number_codes = {
        "account_no": "crm_vtiger_like.account",
        "contact_no": "crm_vtiger_like.contact",
    }
    _vtiger_number_depends = ("is_company", "type")
    _vtiger_phone_fields = ("phone", "mobile", "fax", "phone_other", "phone_home", "assistant_phone")
    _vtiger_phone_depends = ("country_id", "company_id", "is_company")
    _vtiger_phone_fields_foreign = ("assistant_phone",)
    _vtiger_url_fields = ("website", "vk_url", "twitter_url", "facebook_url")
    _vtiger_email_fields = ("email", "email_secondary")
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "account_no",
        "contact_no",
    ]

    account_no = number_field("vtiger account number, given to companies.")
    contact_no = number_field("vtiger contact number, given to persons (not to addresses).")

    _sql_constraints = number_constraints("account_no", "contact_no")
    # found by the lead conversion's duplicate check
    email_normalized = fields.Char(index="btree_not_null")
    # Account (vtiger tables 5.4 / 5.5)
    short_name = fields.Char()
    phone_other = fields.Char("Other Phone")
    ownership = fields.Char(help="Form of ownership (ООО, АО, ИП...).")
    kpp = fields.Char("KPP", help="Russian tax registration reason code (КПП).")
    account_type_id = fields.Many2one(
        "crm.account.type", ondelete="restrict", tracking=True, group_expand="_read_group_account_type_ids"
    )
    classifier_code = fields.Char(help="Code in an industry classifier (ОКВЭД).")
    notify_owner = fields.Boolean(
        help="The salesperson gets a notification (inbox or e-mail, as they prefer) for every change "
        "another user makes to this record.",
    )
    converted_from_lead = fields.Boolean(readonly=True, copy=False)
    # the lead card counts and opens the partners made from it, and deleting
    # a lead sets it to NULL: both look this column up
    source_lead_id = fields.Many2one("crm.lead", readonly=True, copy=False, ondelete="set null", index="btree_not_null")
    # vtiger's "Member Of": a group of accounts, not Odoo's parent_id (which
    # makes a company a contact of another and syncs its address and INN)
    member_of_id = fields.Many2one(
        "res.partner",
        domain=[("is_company", "=", True)],
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="The group (holding) this account belongs to; the account keeps its own address, INN and contacts.",
    )
    member_ids = fields.One2many("res.partner", "member_of_id", "Member Accounts")
    actual_address_id = fields.Many2one(
        "res.partner",
        compute="_compute_actual_address_id",
        help="The account's delivery (or other) address, next to its legal address.",
    )
    # Contact (vtiger tables 5.7 / 5.8)
    phone_home = fields.Char("Home Phone")
    department = fields.Char()
    source_id = fields.Many2one("utm.source", "Lead Source", ondelete="set null")
    birthday = fields.Date()
    assistant_name = fields.Char("Assistant")
    assistant_phone = fields.Char()
    reports_to_id = fields.Many2one(
        "res.partner", domain=[("is_company", "=", False)], ondelete="set null", index="btree_not_null"
    )
    do_not_call = fields.Boolean(help="Calls and SMS offered by the CRM skip this contact.")
    is_reference = fields.Boolean("Gives References", help="This contact agreed to recommend us.")
    portal_access = fields.Boolean("Portal User")
    support_start_date = fields.Date()
    support_end_date = fields.Date()
    # vtiger's words on the card: the Tax ID of a Russian partner is its INN
    vtiger_vat_is_inn = fields.Boolean("Tax ID is an INN", compute="_compute_vtiger_vat_is_inn")
    # the Accounts / Contacts menus leave out our own companies and colleagues
    vtiger_is_internal = fields.Boolean(
        "Our Company or User", compute="_compute_vtiger_is_internal", search="_search_vtiger_is_internal"
    )
    # card smart buttons
    vtiger_contact_count = fields.Integer("Contacts", compute="_compute_vtiger_counts")

    @api.model
    def default_get(self, fields_list):
        """Accounts and contacts created from the CRM menus are in the
        company's country by default (their phone numbers and INN read so)."""
        defaults = super().default_get(fields_list)
        if self.env.context.get("crm_vtiger_default_country") and "country_id" in fields_list:
            defaults.setdefault("country_id", self.env.company.country_id.id)
        return defaults

    @api.depends("country_id", "company_id")
    @api.depends_context("company")
    def _compute_vtiger_vat_is_inn(self):
        for partner in self:
            country = partner.country_id or partner.company_id.country_id or self.env.company.country_id
            partner.vtiger_vat_is_inn = country.code == "RU"

    @api.model
    def _vtiger_internal_ids(self):
        """Ids of the partners of our companies and of internal users."""
        return [
            row[0]
            for row in self.env.execute_query(
                SQL("SELECT partner_id FROM res_company UNION SELECT partner_id FROM res_users WHERE share IS NOT TRUE")
            )
        ]

    def _compute_vtiger_is_internal(self):
        internal = set(self._vtiger_internal_ids())
        for partner in self:
            partner.vtiger_is_internal = partner.id in internal

    def _search_vtiger_is_internal(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(f"vtiger_is_internal: unsupported operator {operator}")
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", self._vtiger_internal_ids())]

    @api.model
    def _read_group_account_type_ids(self, account_types, domain):
        """Show every active account type as a kanban column, even an empty one."""
        return account_types.search([("active", "=", True)])

    @api.model
    def _vtiger_phone_segment_sql(self):
        # accounts are compared with accounts and contacts with contacts, as
        # in vtiger: a contact sharing its company's switchboard is no duplicate
        return SQL("CASE WHEN is_company THEN 'company' ELSE 'person' END")

    @api.model
    def _vtiger_due_number_fields(self, values):
        is_company = values.get("is_company")
        if values.get("company_type"):  # the radio of the form, written after the INSERT
            is_company = values["company_type"] == "company"
        if is_company:
            return ("account_no",)
        return ("contact_no",) if values.get("type", "contact") == "contact" else ()

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "kpp"]

    @api.depends("child_ids.type")
    def _compute_actual_address_id(self):
        for partner in self:
            addresses = partner.child_ids.filtered(lambda child: child.type in ("delivery", "other"))
            partner.actual_address_id = addresses.filtered(lambda child: child.type == "delivery")[:1] or addresses[:1]

    def _compute_vtiger_counts(self):
        ids = self.ids
        contacts = dict(
            self.env["res.partner"]._read_group(
                [("parent_id", "in", ids), ("is_company", "=", False), ("type", "=", "contact")],
                ["parent_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.vtiger_contact_count = contacts.get(partner, 0)

    def action_view_vtiger_contacts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_vtiger_like.action_crm_contacts")
        action["domain"] = [("parent_id", "=", self.id), ("is_company", "=", False), ("type", "=", "contact")]
        action["context"] = {"default_parent_id": self.id, "default_type": "contact", "default_is_company": False}
        return action

    def _vtiger_prepare_vals(self, vals):
        vals = super()._vtiger_prepare_vals(vals)
        # internal users' pictures (and Odoo's generated SVG avatars) are the
        # user preferences' business, not a CRM card's
        if vals.get("image_1920") and not (
            self and all(partner.sudo().user_ids.filtered(lambda u: not u.share) for partner in self)
        ):
            self._vtiger_check_image(vals)
        return vals

    @api.model
    def _vtiger_check_image(self, vals):
        """Refuse pictures of accounts and contacts other than PNG, JPEG or
        GIF, as uploaded (before Odoo resizes them)."""
        image = vals.get("image_1920")
        if not image or not isinstance(image, str | bytes):
            return
        try:
            mimetype = guess_mimetype(base64.b64decode(image, validate=False))
        except (binascii.Error, ValueError):
            mimetype = None
        if mimetype not in IMAGE_MIMETYPES:
            raise ValidationError(self.env._("The image must be a PNG, JPEG or GIF file."))

    @api.constrains("birthday")
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.birthday and partner.birthday > today:
                raise ValidationError(
                    self.env._("%(name)s: the birthday cannot be in the future.", name=partner.display_name)
                )

    @api.constrains("member_of_id", "is_company")
    def _check_member_of_id(self):
        members = self.filtered("member_of_id")
        for partner in members:
            if not (partner.is_company and partner.member_of_id.is_company):
                raise ValidationError(
                    self.env._(
                        "%(name)s: only an account can be a member of another account.", name=partner.display_name
                    )
                )
        if members._has_cycle("member_of_id"):
            raise ValidationError(self.env._("An account cannot be a member of itself, even through other accounts."))

    def _vtiger_group_hierarchy_ids(self):
        """Ids of the whole group this account is in: the topmost account
        it is a member of and every member below it, level by level."""
        self.ensure_one()
        root = self
        while root.member_of_id:
            root = root.member_of_id
        ids, level = [root.id], root
        while level := self.search([("member_of_id", "in", level.ids), ("id", "not in", ids)]):
            ids += level.ids
        return ids

    def action_view_vtiger_group(self):
        """vtiger's account hierarchy: the group and its members, each level
        under the account it belongs to."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_vtiger_like.action_crm_accounts")
        action.update(
            name=self.env._("Group of %(account)s", account=self.display_name),
            domain=[("id", "in", self._vtiger_group_hierarchy_ids())],
            context={"group_by": ["member_of_id"], "default_member_of_id": self.id, "default_is_company": True},
        )
        return action

    @api.constrains("reports_to_id")
    def _check_reports_to_id(self):
        for partner in self.filtered("reports_to_id"):
            if partner.reports_to_id.is_company:
                raise ValidationError(
                    self.env._("%(name)s: a contact reports to a person, not to a company.", name=partner.display_name)
                )
        if self._has_cycle("reports_to_id"):
            raise ValidationError(self.env._("A contact cannot report to themselves, even through other contacts."))

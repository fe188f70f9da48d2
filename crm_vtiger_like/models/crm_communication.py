from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize
from odoo.tools.sql import create_index

from .crm_vtiger_number_mixin import number_constraints, number_field

CHANNELS = [
    ("call", "Call"),
    ("email", "E-mail"),
    ("messenger", "Messenger"),
    ("social", "Social Network"),
    ("website_form", "Website Form"),
    ("visit", "Visit"),
    ("other", "Other"),
]
DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound")]
KINDS = [("new", "New"), ("repeat", "Repeat")]


class CrmCommunication(models.Model):
    """A contact with a client (vtiger's Коммуникация): a call, an e-mail, a
    message, a visit... kept in the client's card.

    ``kind`` is decided when the communication is created (SPEC 3.3, see
    ``crm_communication_kind``): a ``new`` one opens a request and is
    reported by its source, a ``repeat`` one follows up and is reported by
    its callback purpose.
    """

    _name = "crm.communication"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.vtiger.number.mixin",
        "crm.vtiger.text.limit.mixin",
    ]
    _description = "Communication"
    _order = "date desc, id desc"
    _rec_names_search = ["communication_no", "summary"]
    _check_company_auto = True

    _vtiger_number_codes = {"communication_no": "crm_vtiger_like.communication"}
    _vtiger_text_limit_sources = ("email",)

    communication_no = number_field("vtiger communication number, given when the communication is created.")
    partner_id = fields.Many2one(
        "res.partner",
        "Client",
        index=True,
        tracking=True,
        check_company=True,
        help="The account or contact this communication was with.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Account",
        store=True,
        precompute=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        "Lead / Deal",
        tracking=True,
        check_company=True,
        ondelete="set null",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        "Assigned To",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        compute="_compute_team_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    channel = fields.Selection(CHANNELS, required=True, default="call", tracking=True)
    direction = fields.Selection(DIRECTIONS, required=True, default="inbound", tracking=True)
    kind = fields.Selection(
        KINDS,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Decided when the communication is created: new when it opens a request (reported by source), "
        "repeat when it follows up an earlier one of the same request or client (reported by callback purpose). "
        "A sales manager may correct it.",
    )
    source_id = fields.Many2one(
        "utm.source",
        index="btree_not_null",
        tracking=True,
        help="Where a new communication came from (Venyoo, 2GIS, Instagram, site form...).",
    )
    purpose_id = fields.Many2one(
        "crm.communication.purpose",
        "Callback Purpose",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Why a repeat communication took place.",
    )
    summary = fields.Char("Subject", tracking=True)
    note = fields.Html()
    result = fields.Text()
    phone = fields.Char(help="The number called or calling.")
    phone_normalized = fields.Char(compute="_compute_phone_normalized", store=True, precompute=True)
    email = fields.Char("E-mail")
    email_normalized = fields.Char(compute="_compute_email_normalized", store=True, precompute=True)
    call_duration = fields.Float("Duration", help="How long the call lasted, in minutes and seconds.")
    call_recording_url = fields.Char("Recording", help="Link to the call recording.")
    internal = fields.Boolean(
        help="Not shown to the client on the customer portal (kept for the sales team).",
    )
    callback_date = fields.Datetime(
        "Callback", tracking=True, help="Planning a callback schedules a Callback activity for the responsible user."
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        required=True,
        index=True,
        precompute=True,
    )
    inbound_channel_id = fields.Many2one(
        "crm.inbound.channel", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    external_id = fields.Char(
        "External ID", readonly=True, copy=False, help="The sender's id of the request: the same one is received once."
    )
    color = fields.Integer(compute="_compute_color")
    vtiger_can_edit_kind = fields.Boolean(compute="_compute_vtiger_can_edit_kind")

    _sql_constraints = [
        (
            "external_id_uniq",
            "UNIQUE(inbound_channel_id, external_id)",
            "This request was already received from this channel.",
        ),
        *number_constraints("communication_no"),
    ]

    def init(self):
        """The client's communications by date: the card lists and the
        new / repeat rule (one probe per client, however long its history)."""
        for column in ("commercial_partner_id", "lead_id", "phone_normalized", "email_normalized"):
            create_index(
                self.env.cr,
                f"crm_communication_{column}_date_idx",
                self._table,
                [column, "date"],
                where=f"{column} IS NOT NULL",
            )

    @api.depends("lead_id")
    def _compute_company_id(self):
        for communication in self:
            communication.company_id = communication.lead_id.company_id or communication.company_id or self.env.company

    @api.depends("user_id", "lead_id")
    def _compute_team_id(self):
        for communication in self:
            if communication.lead_id.team_id:
                communication.team_id = communication.lead_id.team_id
            elif communication.user_id and communication.user_id not in communication.team_id.member_ids:
                communication.team_id = communication.user_id.sale_team_id

    @api.depends("phone", "company_id")
    def _compute_phone_normalized(self):
        Phone = self.env["crm.vtiger.phone"]
        for communication in self:
            communication.phone_normalized = Phone._vtiger_normalize(communication.phone)

    @api.depends("email")
    def _compute_email_normalized(self):
        for communication in self:
            communication.email_normalized = email_normalize(communication.email or "", strict=False) or False

    @api.depends("kind")
    def _compute_color(self):
        # kanban colours: new green, repeat blue
        for communication in self:
            communication.color = {"new": 10, "repeat": 4}.get(communication.kind, 0)

    @api.depends_context("uid")
    def _compute_vtiger_can_edit_kind(self):
        self.vtiger_can_edit_kind = self.env.user.has_group("sales_team.group_sale_manager")

    @api.depends("communication_no", "summary")
    def _compute_display_name(self):
        for communication in self:
            parts = [communication.communication_no, communication.summary]
            communication.display_name = ": ".join(filter(None, parts)) or self.env._("New Communication")

    @api.model
    def _vtiger_due_number_fields(self, values):
        return ("communication_no",)

    @api.constrains("kind", "source_id", "purpose_id")
    def _check_classification(self):
        for communication in self:
            if communication.kind == "new" and not communication.source_id:
                raise ValidationError(
                    self.env._(
                        "%(communication)s is a new communication: choose its source.",
                        communication=communication.display_name,
                    )
                )
            if communication.kind == "repeat" and not communication.purpose_id:
                raise ValidationError(
                    self.env._(
                        "%(communication)s is a repeat communication: choose its callback purpose.",
                        communication=communication.display_name,
                    )
                )

    @api.constrains("call_duration")
    def _check_call_duration(self):
        if any(communication.call_duration < 0 for communication in self):
            raise ValidationError(self.env._("A call cannot last less than nothing."))

    def write(self, vals):
        if "kind" in vals and not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise UserError(self.env._("Only a sales manager can change whether a communication is new or repeat."))
        return super().write(vals)

    @api.model
    def _vtiger_log_action(self, defaults):
        """The short "Log communication" form in a dialog, filled with ``defaults``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Communication"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(self.env.ref("crm_vtiger_like.crm_communication_view_form_quick").id, "form")],
            "target": "new",
            "context": {f"default_{fname}": value for fname, value in defaults.items()},
        }

    def action_open_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
        }

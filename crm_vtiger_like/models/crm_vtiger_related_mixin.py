from odoo import api, fields, models

# communications listed under their own buttons: calls, and vtiger's
# "Сообщения" (social networks and messengers, read-only)
CALL_CHANNELS = ("call",)
SOCIAL_CHANNELS = ("social", "messenger")


class CrmVtigerRelatedMixin(models.AbstractModel):
    """vtiger's related objects (manual tables 5.3, 5.6, 5.9) on a card:
    products, services and campaigns linked many-to-many, and a counter with
    a filtered list (whose "New" is linked to the card) for comments, e-mails,
    documents, activities, calls and social messages.

    Counters are computed for a whole recordset at once: one grouped query
    per relation. A model using it declares ``product_ids`` and
    ``campaign_ids`` (with their inverse on product.product / utm.campaign
    named by ``_vtiger_related_inverse``) and the communications mixin.
    """

    _name = "crm.vtiger.related.mixin"
    _description = "vtiger related objects of a card"

    # field of product.product and utm.campaign pointing back at this model
    _vtiger_related_inverse = None

    vtiger_comment_count = fields.Integer("Comments", compute="_compute_vtiger_message_counts")
    vtiger_email_count = fields.Integer("E-mails", compute="_compute_vtiger_message_counts")
    vtiger_document_count = fields.Integer("Documents", compute="_compute_vtiger_document_counts")
    vtiger_activity_count = fields.Integer("Activity Count", compute="_compute_vtiger_document_counts")
    vtiger_call_count = fields.Integer("Calls", compute="_compute_vtiger_channel_counts")
    vtiger_social_count = fields.Integer("Social Messages", compute="_compute_vtiger_channel_counts")
    vtiger_product_count = fields.Integer("Products", compute="_compute_vtiger_product_counts")
    vtiger_service_count = fields.Integer("Services", compute="_compute_vtiger_product_counts")
    vtiger_campaign_count = fields.Integer("Campaign Count", compute="_compute_vtiger_campaign_count")

    def _vtiger_note_subtype_id(self):
        return self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")

    def _vtiger_message_domain(self, kind, ids):
        """Messages of these records: internal notes (comments) or e-mails
        (received, or sent to the followers)."""
        domain = [("model", "=", self._name), ("res_id", "in", ids)]
        note = self._vtiger_note_subtype_id()
        if kind == "comment":
            return [*domain, ("message_type", "=", "comment"), ("subtype_id", "=", note)]
        return [
            *domain,
            "|",
            ("message_type", "in", ("email", "email_outgoing")),
            "&",
            ("message_type", "=", "comment"),
            ("subtype_id", "!=", note),
        ]

    def _compute_vtiger_message_counts(self):
        # an internal user reads every message of a record they may read:
        # counted without mail's per-document access checks
        self.check_access("read")
        Message = self.env["mail.message"].sudo()
        counts = {
            kind: dict(Message._read_group(self._vtiger_message_domain(kind, self.ids), ["res_id"], ["__count"]))
            for kind in ("comment", "email")
        }
        for record in self:
            record.vtiger_comment_count = counts["comment"].get(record.id, 0)
            record.vtiger_email_count = counts["email"].get(record.id, 0)

    def _compute_vtiger_document_counts(self):
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        documents = dict(self.env["ir.attachment"]._read_group(domain, ["res_id"], ["__count"]))
        activities = dict(self.env["mail.activity"]._read_group(domain, ["res_id"], ["__count"]))
        for record in self:
            record.vtiger_document_count = documents.get(record.id, 0)
            record.vtiger_activity_count = activities.get(record.id, 0)

    @api.depends_context("uid")
    def _compute_vtiger_channel_counts(self):
        counts = self._vtiger_communication_counts([("channel", "in", CALL_CHANNELS + SOCIAL_CHANNELS)], ["channel"])
        for record in self:
            by_channel = counts.get(record.id, {})
            record.vtiger_call_count = sum(by_channel.get(channel, 0) for channel in CALL_CHANNELS)
            record.vtiger_social_count = sum(by_channel.get(channel, 0) for channel in SOCIAL_CHANNELS)

    @api.depends("product_ids")
    def _compute_vtiger_product_counts(self):
        for record in self:
            services = record.product_ids.filtered(lambda product: product.type == "service")
            record.vtiger_service_count = len(services)
            record.vtiger_product_count = len(record.product_ids) - len(services)

    @api.depends("campaign_ids")
    def _compute_vtiger_campaign_count(self):
        for record in self:
            record.vtiger_campaign_count = len(record.campaign_ids)

    def _vtiger_list_action(self, name, res_model, domain, context, **extra):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%(relation)s of %(record)s", relation=name, record=self.display_name),
            "res_model": res_model,
            "view_mode": "list,form",
            "domain": domain,
            "context": context,
            **extra,
        }

    def action_view_vtiger_comments(self):
        views = self.env["ir.model.data"]._xmlid_to_res_id
        return self._vtiger_list_action(
            self.env._("Comments"),
            "mail.message",
            self._vtiger_message_domain("comment", self.ids),
            {
                "default_model": self._name,
                "default_res_id": self.id,
                "default_message_type": "comment",
                "default_subtype_id": self._vtiger_note_subtype_id(),
            },
            views=[
                (views("crm_vtiger_like.mail_message_view_list_comment"), "list"),
                (views("crm_vtiger_like.mail_message_view_form_comment"), "form"),
            ],
        )

    def action_view_vtiger_emails(self):
        """E-mails are read here and written from the chatter, as in vtiger."""
        views = self.env["ir.model.data"]._xmlid_to_res_id
        return self._vtiger_list_action(
            self.env._("E-mails"),
            "mail.message",
            self._vtiger_message_domain("email", self.ids),
            {"create": False, "edit": False, "delete": False},
            views=[
                (views("crm_vtiger_like.mail_message_view_list_comment"), "list"),
                (views("crm_vtiger_like.mail_message_view_form_comment"), "form"),
            ],
        )

    def action_view_vtiger_documents(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_attachment")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {"default_res_model": self._name, "default_res_id": self.id}
        return action

    def action_view_vtiger_activities(self):
        return self._vtiger_list_action(
            self.env._("Activities"),
            "mail.activity",
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            {"default_res_model": self._name, "default_res_id": self.id},
        )

    def action_view_vtiger_calls(self):
        action = self.action_view_communications()
        action["domain"] = [*action["domain"], ("channel", "in", CALL_CHANNELS)]
        action["context"] = {**action["context"], "default_channel": "call"}
        action["display_name"] = self.env._("Calls of %(record)s", record=self.display_name)
        return action

    def action_view_vtiger_social(self):
        action = self.action_view_communications()
        action["domain"] = [*action["domain"], ("channel", "in", SOCIAL_CHANNELS)]
        action["context"] = {"create": False, "edit": False, "delete": False}
        action["display_name"] = self.env._("Social Messages of %(record)s", record=self.display_name)
        return action

    def _vtiger_product_action(self, services):
        name = self.env._("Services") if services else self.env._("Products")
        products = self.product_ids.filtered(lambda product: (product.type == "service") == services)
        return self._vtiger_list_action(
            name,
            "product.product",
            [("id", "in", products.ids)],
            {
                f"default_{self._vtiger_related_inverse}": [self.id],
                "default_type": "service" if services else "consu",
            },
        )

    def action_view_vtiger_products(self):
        return self._vtiger_product_action(services=False)

    def action_view_vtiger_services(self):
        return self._vtiger_product_action(services=True)

    def action_view_vtiger_campaigns(self):
        return self._vtiger_list_action(
            self.env._("Campaigns"),
            "utm.campaign",
            [("id", "in", self.campaign_ids.ids)],
            {f"default_{self._vtiger_related_inverse}": [self.id]},
        )

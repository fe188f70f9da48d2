from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from odoo import fields, models
from odoo.tools import html2plaintext
from odoo.tools.misc import formatLang

SUMMARY_SOURCES = [
    ("communications", "Communications"),
    ("deals", "Deals"),
    ("activities", "Activities"),
    ("contacts", "Contacts"),
    ("documents", "Documents"),
    ("messages", "Chatter Highlights"),
    ("quotations", "Quotations"),
    ("orders", "Sales Orders"),
    ("invoices", "Invoices"),
]
# the model of each source's records (a source shows only when it is installed)
SOURCE_MODELS = {
    "communications": "crm.communication",
    "deals": "crm.lead",
    "activities": "mail.activity",
    "contacts": "res.partner",
    "documents": "ir.attachment",
    "messages": "mail.message",
    "quotations": "sale.order",
    "orders": "sale.order",
    "invoices": "account.move",
}
CHANNEL_ICONS = {
    "call": "fa-phone",
    "email": "fa-envelope",
    "messenger": "fa-comments",
    "social": "fa-share-alt",
    "website_form": "fa-globe",
    "visit": "fa-handshake-o",
}
MESSAGE_PREVIEW = 160


@dataclass
class SummarySource:
    """How a widget finds and shows a card's related records."""

    model: str
    domain: list
    order: str
    date: str  # the field of the timeline and of the chart by month
    rows: Callable  # records -> [row dicts]
    open: Callable  # () -> the action listing every record
    empty_text: str
    stage: str | None = None  # the field of the chart by stage
    create: Callable | None = None  # () -> the action creating one
    sudo: bool = False  # read as superuser once the card is checked (messages)

    def records_model(self, env):
        return env[self.model].sudo() if self.sudo else env[self.model]


def _date(value):
    if not value:
        return False
    return fields.Datetime.to_string(value) if isinstance(value, datetime) else fields.Date.to_string(value)


def _label(record, fname):
    """The translated label of a selection field's value."""
    value = record[fname]
    return value and dict(record._fields[fname]._description_selection(record.env)).get(value, value)


def _amount(record, amount, currency):
    return formatLang(record.env, amount, currency_obj=currency) if currency else False


def _row(record, name, **values):
    return {
        "id": record.id,
        "res_model": record._name,
        "name": name or "",
        "subtitle": False,
        "date": False,
        "badge": False,
        "amount": False,
        "user": False,
        "image_url": False,
        "icon": False,
        "overdue": False,
        **values,
    }


class CrmVtigerSummaryMixin(models.AbstractModel):
    """The related records a card's Summary tab can show: each source is a
    domain on another model and how its rows look. Cards add their own
    sources by extending ``_vtiger_summary_sources``."""

    _name = "crm.vtiger.summary.mixin"
    _description = "Summary tab of a card"

    def _vtiger_summary_model(self, source):
        return SOURCE_MODELS.get(source)

    def _vtiger_summary_card(self):
        """The kind of card: account, contact or deal."""
        raise NotImplementedError

    def _vtiger_summary_sources(self):
        """{source: SummarySource} of this card the current user may read,
        among the installed apps."""
        self.ensure_one()
        sources = {
            "communications": self._vtiger_summary_communications(),
            "activities": self._vtiger_summary_activities(),
            "documents": self._vtiger_summary_documents(),
            "messages": self._vtiger_summary_messages(),
            **self._vtiger_summary_card_sources(),
        }
        order = [key for key, _label in SUMMARY_SOURCES]
        return {
            key: sources[key]
            for key in order
            if sources.get(key) and (sources[key].sudo or self.env[sources[key].model].has_access("read"))
        }

    def _vtiger_summary_card_sources(self):
        """The sources of one kind of card: {source: SummarySource or None}."""
        return {}

    def _vtiger_summary_form(self, model, context, target="new"):
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "views": [(False, "form")],
            "target": target,
            "context": context,
        }

    def _vtiger_summary_communications(self):
        def rows(communications):
            result = []
            for com in communications:
                reason = com.source_id if com.kind == "new" else com.purpose_id
                badge = _label(com, "kind")
                result.append(
                    _row(
                        com,
                        com.summary or com.communication_no,
                        subtitle=com.partner_id.display_name or com.contact_name or com.phone or False,
                        date=_date(com.date),
                        badge=f"{badge} · {reason.display_name}" if reason else badge,
                        user=com.user_id.name or False,
                        icon=CHANNEL_ICONS.get(com.channel, "fa-comment-o"),
                    )
                )
            return result

        return SummarySource(
            "crm.communication",
            self._vtiger_communication_domain(),
            "date desc, id desc",
            "date",
            rows,
            self.action_view_communications,
            self.env._("No communications yet"),
            stage="kind",
            create=self.action_log_communication,
        )

    def _vtiger_summary_activities(self):
        today = fields.Date.context_today(self)

        def rows(activities):
            return [
                _row(
                    activity,
                    activity.summary or activity.activity_type_id.name,
                    subtitle=html2plaintext(activity.note or "")[:MESSAGE_PREVIEW] or False,
                    date=_date(activity.date_deadline),
                    badge=activity.activity_type_id.name or False,
                    user=activity.user_id.name or False,
                    icon=activity.activity_type_id.icon or "fa-clock-o",
                    overdue=activity.date_deadline < today,
                )
                for activity in activities
            ]

        return SummarySource(
            "mail.activity",
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "date_deadline, id",
            "date_deadline",
            rows,
            self.action_view_vtiger_activities,
            self.env._("No activities planned"),
            stage="activity_type_id",
            create=lambda: self._vtiger_summary_form(
                "mail.activity.schedule",
                {"active_model": self._name, "active_ids": self.ids, "active_id": self.id},
            ),
        )

    def _vtiger_summary_documents(self):
        def rows(attachments):
            return [
                _row(
                    attachment,
                    attachment.name,
                    subtitle=attachment.create_uid.name or False,
                    date=_date(attachment.create_date),
                    image_url=(attachment.mimetype or "").startswith("image/")
                    and f"/web/image/{attachment.id}/128x128",
                    icon="fa-file-pdf-o" if attachment.mimetype == "application/pdf" else "fa-file-o",
                )
                for attachment in attachments
            ]

        return SummarySource(
            "ir.attachment",
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "create_date desc, id desc",
            "create_date",
            rows,
            self.action_view_vtiger_documents,
            self.env._("No documents attached"),
        )

    def _vtiger_summary_messages(self):
        def rows(messages):
            return [
                _row(
                    message,
                    html2plaintext(message.body or "")[:MESSAGE_PREVIEW],
                    res_model=False,
                    subtitle=message.author_id.name or message.email_from or False,
                    date=_date(message.date),
                    badge=message.subtype_id.name or False,
                    image_url=message.author_id and f"/web/image/res.partner/{message.author_id.id}/avatar_128",
                    icon="fa-envelope" if message.message_type != "comment" else "fa-comment",
                )
                for message in messages
            ]

        # whoever reads the card reads its messages (checked by the widget)
        return SummarySource(
            "mail.message",
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "in", ("comment", "email", "email_outgoing")),
                ("body", "not in", (False, "", "<p><br></p>")),
            ],
            "date desc, id desc",
            "date",
            rows,
            self.action_view_vtiger_comments,
            self.env._("No notes or e-mails yet"),
            stage="message_type",
            sudo=True,
        )

    def _vtiger_summary_deals(self, domain):
        def rows(deals):
            return [
                _row(
                    deal,
                    deal.name,
                    subtitle=deal.partner_id.display_name or False,
                    date=_date(deal.date_deadline or deal.create_date),
                    badge=deal.stage_id.name or False,
                    amount=_amount(deal, deal.expected_revenue, deal.company_currency),
                    user=deal.user_id.name or False,
                    icon="fa-handshake-o",
                )
                for deal in deals
            ]

        return SummarySource(
            "crm.lead",
            [("type", "=", "opportunity"), *domain],
            "create_date desc, id desc",
            "create_date",
            rows,
            self.action_view_opportunity,
            self.env._("No deals yet"),
            stage="stage_id",
            create=lambda: self._vtiger_summary_form(
                "crm.lead", {"default_type": "opportunity", "default_partner_id": self.id}, target="current"
            ),
        )

    def _vtiger_summary_contacts(self, account):
        def rows(contacts):
            return [
                _row(
                    contact,
                    contact.name,
                    subtitle=contact.function or contact.mobile or contact.phone or contact.email or False,
                    image_url=f"/web/image/res.partner/{contact.id}/avatar_128",
                )
                for contact in contacts
            ]

        def open_all():
            action = self.env["ir.actions.act_window"]._for_xml_id("crm_vtiger_like.action_crm_contacts")
            action["domain"] = [("parent_id", "=", account.id), ("type", "=", "contact"), ("is_company", "=", False)]
            action["context"] = {"default_parent_id": account.id}
            return action

        return SummarySource(
            "res.partner",
            [("parent_id", "=", account.id), ("type", "=", "contact"), ("is_company", "=", False)]
            if account
            else [("id", "=", 0)],
            "name, id",
            "create_date",
            rows,
            open_all,
            self.env._("No contacts yet"),
            create=(lambda: self._vtiger_summary_form("res.partner", {"default_parent_id": account.id}))
            if account
            else None,
        )

    def _vtiger_summary_orders(self, domain, quotations, create):
        """Quotations (draft, sent) or sales orders, when Sales is installed."""
        if "sale.order" not in self.env:
            return None

        def rows(orders):
            return [
                _row(
                    order,
                    order.name,
                    subtitle=order.partner_id.display_name or False,
                    date=_date(order.date_order),
                    badge=_label(order, "state"),
                    amount=_amount(order, order.amount_total, order.currency_id),
                    user=order.user_id.name or False,
                    icon="fa-file-text-o",
                )
                for order in orders
            ]

        states = ("draft", "sent") if quotations else ("sale",)

        def open_all():
            xmlid = "sale.action_quotations_with_onboarding" if quotations else "sale.action_orders"
            action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
            action["domain"] = [("state", "in", states), *domain]
            action["context"] = {}
            return action

        return SummarySource(
            "sale.order",
            [("state", "in", states), *domain],
            "date_order desc, id desc",
            "date_order",
            rows,
            open_all,
            self.env._("No quotations yet") if quotations else self.env._("No sales orders yet"),
            stage="state",
            create=create if quotations else None,
        )

    def _vtiger_summary_invoices(self, domain):
        """Customer invoices and credit notes, when Invoicing is installed."""
        if "account.move" not in self.env:
            return None

        def rows(moves):
            return [
                _row(
                    move,
                    move.name,
                    subtitle=move.partner_id.display_name or False,
                    date=_date(move.invoice_date),
                    badge=_label(move, "payment_state") if move.state == "posted" else _label(move, "state"),
                    amount=_amount(move, move.amount_total, move.currency_id),
                    user=move.invoice_user_id.name or False,
                    icon="fa-money",
                )
                for move in moves
            ]

        def open_all():
            action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
            action["domain"] = [("move_type", "in", ("out_invoice", "out_refund")), *domain]
            return action

        return SummarySource(
            "account.move",
            [("move_type", "in", ("out_invoice", "out_refund")), ("state", "!=", "cancel"), *domain],
            "invoice_date desc, id desc",
            "invoice_date",
            rows,
            open_all,
            self.env._("No invoices yet"),
            stage="payment_state",
        )

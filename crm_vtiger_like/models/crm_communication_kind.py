import json
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize

REPEAT_DAYS_PARAM = "crm_vtiger_like.repeat_days"
INBOUND_SOURCE_PARAM = "crm_vtiger_like.inbound_source_id"
INBOUND_PURPOSE_PARAM = "crm_vtiger_like.inbound_purpose_id"
DEFAULT_REPEAT_DAYS = 90


class CrmCommunication(models.Model):
    """New or repeat (SPEC 3.3), decided in batch when communications are
    created: a bounded number of queries whatever the history size.

    - attached to a lead / deal: new if it has no earlier communication;
    - not attached: the client is recognised by partner (an account and all
      its contacts are one client) and by normalized phone / e-mail (the
      phone index, partners' and leads' e-mails); repeat if that client had
      a communication within the repeat window, else new. An inbound new
      one opens a lead.
    """

    _inherit = "crm.communication"

    contact_name = fields.Char(help="Who the communication was with, when they are not a contact yet.")

    @api.model_create_multi
    def create(self, vals_list):
        # the rule reads the lead, client and date the defaults give (a card's context)
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        may_set_kind = self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        # an inbound request or one logged communication is serialized with the other workers
        # classifying the same client; a batch (mass action, import) is not: it would hold the
        # client keys until its commit and be retried whole
        lock = bool(self.env.context.get("crm_vtiger_inbound")) or len(vals_list) == 1
        self._vtiger_classify([vals for vals in vals_list if not (may_set_kind and vals.get("kind"))], lock=lock)
        if self.env.context.get("crm_vtiger_inbound"):
            self._vtiger_inbound_defaults(vals_list)
        self._vtiger_open_leads(vals_list)
        # a communication is itself a log entry: no "created" message in its chatter
        quiet = self.with_context(mail_create_nolog=True)
        return super(CrmCommunication, quiet).create(vals_list).with_env(self.env)

    @api.onchange("lead_id", "partner_id", "phone", "email", "date")
    def _onchange_vtiger_kind(self):
        """Tell the user filling a new communication whether it will be new or
        repeat, so that the form asks for a source or a purpose."""
        if self._origin:
            return
        values = {
            "lead_id": self.lead_id._origin.id,
            "partner_id": self.partner_id._origin.id,
            "phone": self.phone,
            "email": self.email,
            "date": self.date,
        }
        self._vtiger_classify([values])
        self.kind = values["kind"]
        if not self.partner_id and values["partner_id"]:
            self.partner_id = values["partner_id"]

    @api.model
    def _vtiger_repeat_window(self):
        days = self.env["ir.config_parameter"].sudo().get_param(REPEAT_DAYS_PARAM)
        return timedelta(days=int(days) if days and days.isdigit() else DEFAULT_REPEAT_DAYS)

    @api.model
    def _vtiger_classify(self, vals_list, lock=False):
        """Set ``kind`` (and the client when it is recognised) in ``vals_list``.
        With ``lock``, the client keys the decision read are touched
        (``crm.communication.client.key``), in one statement."""
        if not vals_list:
            return
        self.flush_model()
        now = fields.Datetime.now()
        for vals in vals_list:
            # to the second, as the card shows it: "earlier" is what the user reads as earlier
            vals["date"] = (fields.Datetime.to_datetime(vals.get("date")) or now).replace(microsecond=0)
        items = sorted(((vals["date"], index, vals) for index, vals in enumerate(vals_list)), key=lambda item: item[:2])
        attached = [(date, vals) for date, _index, vals in items if vals.get("lead_id")]
        unattached = [(date, vals) for date, _index, vals in items if not vals.get("lead_id")]
        keys = set()
        if attached:
            keys |= self._vtiger_classify_on_leads(attached)
        if unattached:
            keys |= self._vtiger_classify_on_clients(unattached)
        if lock:
            self.env["crm.communication.client.key"]._vtiger_touch(keys)

    @api.model
    def _vtiger_classify_on_leads(self, items):
        """New when the lead / deal has no earlier communication. ``items``
        are (date, vals) in date order. Returns the client keys read."""
        # the lead's client completes the communication, whoever logs it
        leads = self.env["crm.lead"].sudo().browse({vals["lead_id"] for _date, vals in items})
        earliest = dict(
            self.env.execute_query(
                SQL(
                    "SELECT lead_id, date_trunc('second', min(date)) FROM crm_communication"
                    " WHERE lead_id = ANY(%s) GROUP BY lead_id",
                    leads.ids,
                )
            )
        )
        for date, vals in items:
            first = earliest.get(vals["lead_id"])
            vals["kind"] = "repeat" if first is not None and first <= date else "new"
            earliest[vals["lead_id"]] = min(first, date) if first is not None else date
            if not vals.get("partner_id"):
                vals["partner_id"] = leads.browse(vals["lead_id"]).partner_id.id
        return {f"lead:{lead_id}" for lead_id in leads.ids}

    @api.model
    def _vtiger_classify_on_clients(self, items):
        """Repeat when the client had a communication within the repeat
        window. ``items`` are (date, vals) in date order. Returns the client
        keys read: numbers, e-mails, and the accounts and leads they lead to."""
        keys = [self._vtiger_client_keys(vals) for _date, vals in items]
        recognised = self._vtiger_recognise(
            {number for key in keys for number in key["phone"]},
            {email for key in keys for email in key["email"]},
        )
        given = self.env["res.partner"].browse({vals["partner_id"] for _date, vals in items if vals.get("partner_id")})
        commercial = {partner.id: partner.commercial_partner_id.id for partner in given}
        for key, (_date, vals) in zip(keys, items, strict=True):
            found = [recognised[kind, value] for kind in ("phone", "email") for value in key[kind]]
            key["lead"] = {lead_id for hits in found for lead_id in hits["lead"]}
            key["account"] = {account_id for hits in found for account_id in hits["account"]}
            if vals.get("partner_id"):
                key["account"].add(commercial[vals["partner_id"]])
            else:
                vals["partner_id"] = self._vtiger_recognised_partner(found)
        window = self._vtiger_repeat_window()
        known = self._vtiger_clients_in_contact(keys, [date for date, _vals in items], window)
        earlier = []  # the batch's own communications count too
        for index, (key, (date, vals)) in enumerate(zip(keys, items, strict=True)):
            pairs = {(kind, value) for kind in ("account", "lead", "phone", "email") for value in key[kind]}
            repeat = index in known or any(date - window <= when <= date and pairs & hit for when, hit in earlier)
            vals["kind"] = "repeat" if repeat else "new"
            if repeat and self.env.context.get("crm_vtiger_inbound"):
                vals["lead_id"] = self._vtiger_open_lead_of(key)
            earlier.append((date, pairs))
        kinds = ("phone", "email", "account", "lead")
        return {f"{kind}:{value}" for key in keys for kind in kinds for value in key[kind]}

    @api.model
    def _vtiger_client_keys(self, vals):
        number = self.env["crm.vtiger.phone"]._vtiger_normalize(vals.get("phone"))
        email = email_normalize(vals.get("email") or "", strict=False)
        return {"phone": {number} if number else set(), "email": {email} if email else set()}

    @api.model
    def _vtiger_recognise(self, numbers, emails):
        """{(kind, value): {"partner": [ids], "account": {ids}, "lead": {ids}}}
        of the active partners and leads of this company holding these
        normalized numbers and e-mails: one query."""
        recognised = defaultdict(lambda: {"partner": [], "account": set(), "lead": set()})
        if not (numbers or emails):
            return recognised
        company_ids = [False, *self.env.companies.ids]
        for kind, value, partner_id, account_id, lead_id in self.env.execute_query(
            SQL(
                "SELECT 'phone', ph.number, p.id, p.commercial_partner_id, NULL FROM crm_vtiger_phone ph"
                " JOIN res_partner p ON ph.res_model = 'res.partner' AND p.id = ph.res_id"
                " WHERE ph.number = ANY(%(numbers)s) AND ph.active AND COALESCE(p.company_id, 0) = ANY(%(companies)s)"
                " UNION ALL"
                " SELECT 'phone', ph.number, NULL, lp.commercial_partner_id, l.id FROM crm_vtiger_phone ph"
                " JOIN crm_lead l ON ph.res_model = 'crm.lead' AND l.id = ph.res_id"
                " LEFT JOIN res_partner lp ON lp.id = l.partner_id"
                " WHERE ph.number = ANY(%(numbers)s) AND ph.active AND COALESCE(l.company_id, 0) = ANY(%(companies)s)"
                " UNION ALL"
                " SELECT 'email', p.email_normalized, p.id, p.commercial_partner_id, NULL FROM res_partner p"
                " WHERE p.email_normalized = ANY(%(emails)s) AND p.active"
                " AND COALESCE(p.company_id, 0) = ANY(%(companies)s)"
                " UNION ALL"
                " SELECT 'email', l.email_normalized, NULL, lp.commercial_partner_id, l.id FROM crm_lead l"
                " LEFT JOIN res_partner lp ON lp.id = l.partner_id"
                " WHERE l.email_normalized = ANY(%(emails)s) AND l.active"
                " AND COALESCE(l.company_id, 0) = ANY(%(companies)s)",
                numbers=list(numbers),
                emails=list(emails),
                companies=[company_id or 0 for company_id in company_ids],
            )
        ):
            hits = recognised[kind, value]
            if partner_id and partner_id not in hits["partner"]:
                hits["partner"].append(partner_id)
            if account_id:
                hits["account"].add(account_id)
            if lead_id:
                hits["lead"].add(lead_id)
        return recognised

    @api.model
    def _vtiger_recognised_partner(self, found):
        """The partner a communication is with, when its phone / e-mail name
        one: a single partner, else the single account they belong to."""
        partners = {partner_id for hits in found for partner_id in hits["partner"]}
        if len(partners) == 1:
            return partners.pop()
        accounts = {account_id for hits in found for account_id in hits["account"]}
        return accounts.pop() if partners and len(accounts) == 1 else False

    @api.model
    def _vtiger_clients_in_contact(self, keys, dates, window):
        """Positions of the clients described by ``keys`` who had a
        communication within ``window`` before their date: one query, an
        index probe per client, however long their history."""
        clients = [
            {
                "position": position,
                "date": fields.Datetime.to_string(date),
                "accounts": sorted(key["account"]),
                "leads": sorted(key["lead"]),
                "phones": sorted(key["phone"]),
                "emails": sorted(key["email"]),
            }
            for position, (key, date) in enumerate(zip(keys, dates, strict=True))
            if any(key.values())
        ]
        if not clients:
            return set()
        rows = self.env.execute_query(
            SQL(
                "SELECT v.position FROM jsonb_to_recordset(%s::jsonb)"
                " AS v(position int, date timestamp, accounts int[], leads int[], phones varchar[], emails varchar[])"
                " WHERE EXISTS (SELECT 1 FROM crm_communication c"
                " WHERE c.date >= v.date - %s AND c.date < v.date + interval '1 second' AND ("
                " c.commercial_partner_id = ANY(v.accounts) OR c.lead_id = ANY(v.leads)"
                " OR c.phone_normalized = ANY(v.phones) OR c.email_normalized = ANY(v.emails)))",
                json.dumps(clients),
                window,
            )
        )
        return {position for (position,) in rows}

    @api.model
    def _vtiger_open_lead_of(self, key):
        """The client's most recently updated open lead or deal (active, not
        won), or False."""
        # the leads themselves, and those of the accounts' people: two index
        # look-ups (an OR across the two tables would read every lead)
        rows = self.env.execute_query(
            SQL(
                "SELECT l.id FROM crm_lead l LEFT JOIN crm_stage s ON s.id = l.stage_id"
                " WHERE l.active AND NOT COALESCE(s.is_won, FALSE) AND l.id IN ("
                " SELECT unnest(%s::int[]) UNION ALL"
                " SELECT cl.id FROM crm_lead cl JOIN res_partner p ON p.id = cl.partner_id"
                " WHERE p.commercial_partner_id = ANY(%s))"
                " ORDER BY l.write_date DESC, l.id DESC LIMIT 1",
                list(key["lead"]),
                list(key["account"]),
            )
        )
        return rows[0][0] if rows else False

    @api.model
    def _vtiger_inbound_defaults(self, vals_list):
        """An inbound request carries no source or purpose of its own: the
        CRM settings' defaults fill them."""
        params = self.env["ir.config_parameter"].sudo()
        for vals in vals_list:
            if vals.get("kind") == "new" and not vals.get("source_id"):
                vals["source_id"] = int(params.get_param(INBOUND_SOURCE_PARAM) or 0) or False
            if vals.get("kind") == "repeat" and not vals.get("purpose_id"):
                vals["purpose_id"] = int(params.get_param(INBOUND_PURPOSE_PARAM) or 0) or False

    @api.model
    def _vtiger_open_leads(self, vals_list):
        """An inbound new communication that belongs to no lead opens one; so
        does an inbound request (``crm_vtiger_inbound``) of a client who has
        no open lead or deal."""
        inbound = self.env.context.get("crm_vtiger_inbound")
        todo = [
            vals
            for vals in vals_list
            if (inbound or vals.get("kind") == "new")
            and vals.get("direction", "inbound") == "inbound"
            and not vals.get("lead_id")
        ]
        if not todo:
            return
        leads = self.env["crm.lead"].create([self._vtiger_lead_values(vals) for vals in todo])
        for vals, lead in zip(todo, leads, strict=True):
            vals["lead_id"] = lead.id

    @api.model
    def _vtiger_lead_values(self, vals):
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        who = vals.get("contact_name") or partner.name or vals.get("phone") or vals.get("email")
        source = self.env["utm.source"].browse(vals.get("source_id"))
        values = {
            "type": "lead",
            "name": vals.get("summary") or self.env._("Request from %(who)s", who=who or source.name or "?"),
            "partner_id": partner.id,
            "source_id": source.id,
            "user_id": vals.get("user_id", self.env.user.id),
            "description": vals.get("note"),
        }
        if "team_id" in vals:
            values["team_id"] = vals["team_id"]
        if "company_id" in vals:
            values["company_id"] = vals["company_id"]
        if not partner:
            values.update(contact_name=vals.get("contact_name"), phone=vals.get("phone"), email_from=vals.get("email"))
        return values

"""Customer portal pages (issue 14, SPEC 3.5): "My requests" and "My
communications" under /my, the "New request" form and the opt-outs of
/my/account.

Portal users have no access to leads and communications through the ORM:
their fields are the sales team's (internal notes, expected revenue, a
call's result), and JSON-RPC would hand out every one of them. These pages
read them as superuser, always within the domains below (the client's own
company, never an internal communication), and show only what the templates
show. Internal users visiting /my read with their own rights, within the same
domains. A new request is created as superuser after validation.
"""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html, single_email_re

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

SUBJECT_MAX = 200
MESSAGE_MAX = 5000
PHONE_MAX = 64
EMAIL_MAX = 254
OPT_OUT_FIELDS = ("email_opt_out", "do_not_call")
# posted by our part of the /my/account form: the opt-out boxes are on it, an
# unticked box (not posted) means "off"
OPT_OUT_MARKER = "vtiger_opt_outs"
REQUEST_COUNTER = "crm_request_count"
COMMUNICATION_COUNTER = "crm_communication_count"


class VtigerCustomerPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # /my home: the counters
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if REQUEST_COUNTER in counters:
            Lead = self._vtiger_model("crm.lead")
            values[REQUEST_COUNTER] = (
                Lead.search_count(self._vtiger_requests_domain()) if Lead.has_access("read") else 0
            )
        if COMMUNICATION_COUNTER in counters:
            Communication = self._vtiger_model("crm.communication")
            values[COMMUNICATION_COUNTER] = (
                Communication.search_count(self._vtiger_communications_domain())
                if Communication.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # domains, searches and sortings
    # ------------------------------------------------------------------

    def _vtiger_model(self, model):
        """``model`` as the pages read it: as superuser for portal users, who
        have no access to it, with their own rights for internal users; the
        callers always restrict it to the domains below."""
        Model = request.env[model]
        return Model.sudo() if request.env.user._is_portal() else Model

    def _vtiger_commercial_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _vtiger_requests_domain(self):
        return [("partner_id.commercial_partner_id", "=", self._vtiger_commercial_partner().id)]

    def _vtiger_communications_domain(self):
        return [("commercial_partner_id", "=", self._vtiger_commercial_partner().id), ("internal", "=", False)]

    def _vtiger_request_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": request.env._("Subject"), "order": "name asc, id desc"},
            "update": {"label": request.env._("Last update"), "order": "write_date desc, id desc"},
        }

    def _vtiger_request_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in all")},
            "name": {"input": "name", "label": request.env._("Search in subject")},
            "number": {"input": "number", "label": request.env._("Search in number")},
        }

    def _vtiger_request_search_domain(self, search_in, search):
        number = ["|", ("lead_no", "ilike", search), ("deal_no", "ilike", search)]
        if search_in == "name":
            return [("name", "ilike", search)]
        if search_in == "number":
            return number
        return expression.OR([[("name", "ilike", search)], number])

    def _vtiger_communication_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date desc, id desc"},
            "summary": {"label": request.env._("Subject"), "order": "summary asc, id desc"},
            "channel": {"label": request.env._("Channel"), "order": "channel asc, date desc, id desc"},
        }

    def _vtiger_communication_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in all")},
            "summary": {"input": "summary", "label": request.env._("Search in subject")},
            "number": {"input": "number", "label": request.env._("Search in number")},
        }

    def _vtiger_communication_search_domain(self, search_in, search):
        if search_in == "summary":
            return [("summary", "ilike", search)]
        if search_in == "number":
            return [("communication_no", "ilike", search)]
        return [
            "|",
            "|",
            ("summary", "ilike", search),
            ("communication_no", "ilike", search),
            ("note", "ilike", search),
        ]

    def _vtiger_list_values(self, model, url, domain, sortings, inputs, search_domain, page, sortby, search, search_in):
        """The values of a searchable, sortable, paged list of the records
        of ``model`` in ``domain``."""
        Model = self._vtiger_model(model)
        if sortby not in sortings:
            sortby = "date"
        if search_in not in inputs:
            search_in = "all"
        search = (search or "").strip()[:SUBJECT_MAX]
        if search:
            domain = expression.AND([domain, search_domain(search_in, search)])
        url_args = {"sortby": sortby}
        if search:
            url_args.update(search=search, search_in=search_in)
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page, url_args=url_args
        )
        records = Model.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "pager": pager,
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return values, records

    def _vtiger_get(self, model, record_id, domain):
        """The record of ``model`` in ``domain``, or None when it does not
        exist, is not in it or may not be read."""
        record = self._vtiger_model(model).browse(record_id)
        try:
            if not record.exists():
                return None
            record.check_access("read")
        except (AccessError, MissingError):
            return None
        return record.filtered_domain(domain) or None

    def _vtiger_request_rows(self, leads):
        """What the pages show of each request: its vtiger number and its
        status (stage for deals, lead status for leads)."""
        rows = []
        for lead in leads:
            deal = lead.type == "opportunity"
            rows.append(
                {
                    "lead": lead,
                    "number": (lead.deal_no if deal else lead.lead_no) or lead.lead_no or "",
                    "status": (lead.stage_id.name if deal else lead.lead_status_id.name) or "",
                    "kind_label": request.env._("Deal") if deal else request.env._("Lead"),
                }
            )
        return rows

    # ------------------------------------------------------------------
    # My requests
    # ------------------------------------------------------------------

    @http.route(["/my/requests", "/my/requests/page/<int:page>"], type="http", auth="user", website=True, readonly=True)
    def portal_my_requests(self, page=1, sortby=None, search=None, search_in="all", **kw):
        values, leads = self._vtiger_list_values(
            "crm.lead",
            "/my/requests",
            self._vtiger_requests_domain(),
            self._vtiger_request_sortings(),
            self._vtiger_request_inputs(),
            self._vtiger_request_search_domain,
            page,
            sortby,
            search,
            search_in,
        )
        values.update({"page_name": "crm_requests", "request_rows": self._vtiger_request_rows(leads)})
        return request.render("crm_vtiger_like.portal_my_requests", values)

    @http.route("/my/requests/<int:lead_id>", type="http", auth="user", website=True, readonly=True)
    def portal_my_request(self, lead_id, created=None, **kw):
        lead = self._vtiger_get("crm.lead", lead_id, self._vtiger_requests_domain())
        if lead is None:
            raise request.not_found()
        communications = self._vtiger_model("crm.communication").search(
            expression.AND([self._vtiger_communications_domain(), [("lead_id", "=", lead.id)]])
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_request",
                "request_row": self._vtiger_request_rows(lead)[0],
                "communications": communications,
                "created": bool(created),
            }
        )
        return request.render("crm_vtiger_like.portal_my_request", values)

    # ------------------------------------------------------------------
    # New request
    # ------------------------------------------------------------------

    def _vtiger_new_request_values(self, form, errors):
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_request_new",
                "form": form,
                "errors": errors,
                "partner": partner,
                "subject_max": SUBJECT_MAX,
                "message_max": MESSAGE_MAX,
                "phone_max": PHONE_MAX,
                "email_max": EMAIL_MAX,
            }
        )
        return values

    def _vtiger_validate_request(self, post):
        """The cleaned form and the errors ({field: message})."""
        form = {name: (post.get(name) or "").strip() for name in ("subject", "message", "phone", "email")}
        errors = {}
        if not (form["subject"] or form["message"]):
            errors["subject"] = request.env._("Give your request a subject or a message.")
        limits = {"subject": SUBJECT_MAX, "message": MESSAGE_MAX, "phone": PHONE_MAX, "email": EMAIL_MAX}
        for name, limit in limits.items():
            if len(form[name]) > limit:
                errors[name] = request.env._("At most %(limit)s characters.", limit=limit)
        if form["email"] and "email" not in errors and not single_email_re.match(form["email"]):
            errors["email"] = request.env._("This e-mail address is not valid.")
        return form, errors

    @http.route("/my/requests/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_new_request(self, **post):
        partner = request.env.user.partner_id
        if request.httprequest.method != "POST":
            form = {
                "subject": "",
                "message": "",
                "phone": partner.phone or partner.mobile or "",
                "email": partner.email or "",
            }
            return request.render("crm_vtiger_like.portal_new_request", self._vtiger_new_request_values(form, {}))
        form, errors = self._vtiger_validate_request(post)
        if errors:
            return request.render("crm_vtiger_like.portal_new_request", self._vtiger_new_request_values(form, errors))
        lead = self._vtiger_create_request(partner, form)
        return request.redirect(f"/my/requests/{lead.id}?created=1")

    def _vtiger_create_request(self, partner, form):
        """An inbound new communication from source Portal, which opens the
        lead (SPEC 3.3) and alerts the subscribed users (SPEC 3.4). Created
        as superuser: portal users write nothing themselves."""
        website = getattr(request, "website", None)
        company = partner.company_id or (website and website.company_id) or request.env.company
        source = request.env.ref("crm_vtiger_like.utm_source_portal", raise_if_not_found=False)
        communication = (
            request.env["crm.communication"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "channel": "website_form",
                    "direction": "inbound",
                    "kind": "new",
                    "source_id": source.id if source else False,
                    "partner_id": partner.id,
                    "summary": form["subject"] or False,
                    "note": plaintext2html(form["message"]) if form["message"] else False,
                    "phone": form["phone"] or False,
                    "email": form["email"] or False,
                    "user_id": False,
                    "company_id": company.id,
                }
            )
        )
        return communication.lead_id

    # ------------------------------------------------------------------
    # My communications
    # ------------------------------------------------------------------

    @http.route(
        ["/my/communications", "/my/communications/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_communications(self, page=1, sortby=None, search=None, search_in="all", **kw):
        values, communications = self._vtiger_list_values(
            "crm.communication",
            "/my/communications",
            self._vtiger_communications_domain(),
            self._vtiger_communication_sortings(),
            self._vtiger_communication_inputs(),
            self._vtiger_communication_search_domain,
            page,
            sortby,
            search,
            search_in,
        )
        values.update({"page_name": "crm_communications", "communications": communications})
        return request.render("crm_vtiger_like.portal_my_communications", values)

    @http.route("/my/communications/<int:communication_id>", type="http", auth="user", website=True, readonly=True)
    def portal_my_communication(self, communication_id, **kw):
        communication = self._vtiger_get("crm.communication", communication_id, self._vtiger_communications_domain())
        if communication is None:
            raise request.not_found()
        lead = self._vtiger_get("crm.lead", communication.lead_id.id, self._vtiger_requests_domain())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_communication",
                "communication": communication,
                "request_row": self._vtiger_request_rows(lead)[0] if lead else None,
            }
        )
        return request.render("crm_vtiger_like.portal_my_communication", values)

    # ------------------------------------------------------------------
    # /my/account: the opt-outs
    # ------------------------------------------------------------------

    def _vtiger_opt_out_fields(self):
        partner_fields = request.env["res.partner"]._fields
        return [name for name in OPT_OUT_FIELDS if name in partner_fields]

    def _get_optional_fields(self):
        return [*super()._get_optional_fields(), OPT_OUT_MARKER, *self._vtiger_opt_out_fields()]

    def on_account_update(self, values, partner):
        if values.pop(OPT_OUT_MARKER, None):
            for name in self._vtiger_opt_out_fields():
                values[name] = bool(values.get(name))
        else:
            for name in self._vtiger_opt_out_fields():
                if name in values:
                    values[name] = bool(values[name])
        return super().on_account_update(values, partner)

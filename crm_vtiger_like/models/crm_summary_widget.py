from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from .crm_vtiger_summary_mixin import SUMMARY_SOURCES

CARDS = [("account", "Account"), ("contact", "Contact"), ("deal", "Deal")]
DESIGNS = [
    ("list", "List"),
    ("cards", "Cards"),
    ("counter", "Counter"),
    ("timeline", "Timeline"),
    ("chart", "Chart"),
]
SIZES = [("small", "Small"), ("medium", "Medium"), ("large", "Large")]
CHART_BY = [("stage", "By stage"), ("month", "By month")]
# models whose cards have a Summary tab
CARD_MODELS = ("res.partner", "crm.lead")
# bars of a chart by month: the last twelve months that have records
CHART_MONTHS = 12


class CrmSummaryWidget(models.Model):
    """A widget of a card's Summary tab: a block of the card's related
    records from one source, in one design.

    Rows without ``user_id`` are the company default layout of a card
    (admins edit them); a user's own rows replace the default for that user
    on that card. Removed widgets of a user's layout are archived, so that an
    own layout can also be empty.
    """

    _name = "crm.summary.widget"
    _description = "Summary Widget"
    _order = "card, user_id, sequence, id"

    name = fields.Char(translate=True, help="Title of the widget; empty: the name of its source.")
    card = fields.Selection(CARDS, required=True, index=True)
    source = fields.Selection(
        SUMMARY_SOURCES,
        required=True,
        help="Which related records the widget shows. Sales widgets (quotations, orders, invoices) "
        "only show when those apps are installed.",
    )
    res_model = fields.Char(
        "Related Model", compute="_compute_res_model", help="Technical name of the model of the records shown."
    )
    design = fields.Selection(DESIGNS, required=True, default="list")
    chart_by = fields.Selection(
        CHART_BY, required=True, default="month", help="Bars of the chart design: by stage or by month."
    )
    size = fields.Selection(
        SIZES, required=True, default="medium", help="A third, half or the full width of the tab on a computer."
    )
    limit = fields.Integer("Rows", default=5, help="How many records the widget lists.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        index=True,
        ondelete="cascade",
        help="The user whose own layout this widget belongs to; empty for the company default.",
    )
    company_id = fields.Many2one("res.company", index=True, help="Empty: the default of every company.")

    _sql_constraints = [
        ("limit_positive", 'CHECK("limit" > 0 AND "limit" <= 50)', "A widget lists between 1 and 50 rows."),
    ]

    @api.depends("source")
    def _compute_res_model(self):
        Card = self.env["crm.vtiger.summary.mixin"]
        for widget in self:
            widget.res_model = Card._vtiger_summary_model(widget.source)

    @api.depends("name", "source")
    def _compute_display_name(self):
        labels = dict(self._fields["source"]._description_selection(self.env))
        for widget in self:
            widget.display_name = widget.name or labels.get(widget.source, "")

    # --- layouts -----------------------------------------------------------

    @api.model
    def _summary_card(self, res_model, res_id):
        """The card record, readable by the current user."""
        if res_model not in CARD_MODELS:
            raise UserError(self.env._("Cards of %(model)s have no Summary tab.", model=res_model))
        card = self.env[res_model].browse(res_id).exists()
        if not card:
            raise UserError(self.env._("This record no longer exists."))
        card.check_access("read")
        return card

    @api.model
    def _summary_own(self, card_type):
        """The current user's own widgets of a card type, archived ones too."""
        return self.with_context(active_test=False).search([("card", "=", card_type), ("user_id", "=", self.env.uid)])

    @api.model
    def _summary_default(self, card_type):
        return self.search(
            [
                ("card", "=", card_type),
                ("user_id", "=", False),
                ("company_id", "in", [False, self.env.company.id]),
            ]
        )

    @api.model
    def _summary_layout(self, card_type):
        own = self._summary_own(card_type)
        return own.filtered("active") if own else self._summary_default(card_type)

    @api.model
    def _summary_make_own(self, card_type):
        """The user's own layout of a card type, copied from the company
        default on their first change; returns {default widget id: own widget}."""
        own = self._summary_own(card_type)
        if own:
            return {widget.id: widget for widget in own}
        default = self._summary_default(card_type)
        copies = self.create(
            [{**values, "user_id": self.env.uid, "company_id": False} for values in default.copy_data()]
        )
        return {**dict(zip(default.ids, copies, strict=True)), **{widget.id: widget for widget in copies}}

    @api.model
    def _summary_own_widget(self, card_type, widget_id):
        widget = self._summary_make_own(card_type).get(widget_id)
        if not widget:
            raise UserError(self.env._("This widget is not on your Summary tab any more: reload the page."))
        return widget

    # --- the data of a card ------------------------------------------------

    @api.model
    def _selection(self, fname):
        return [list(item) for item in self._fields[fname]._description_selection(self.env)]

    @api.readonly
    @api.model
    def get_summary(self, res_model, res_id):
        """Everything the Summary tab of a card shows, in one call: its
        layout for the current user and each widget's counter, rows and
        chart. Widgets on models the user cannot read are left out."""
        card = self._summary_card(res_model, res_id)
        card_type = card._vtiger_summary_card()
        sources = card._vtiger_summary_sources()
        labels = dict(self._fields["source"]._description_selection(self.env))
        widgets = []
        for widget in self._summary_layout(card_type):
            source = sources.get(widget.source)
            if source is None:
                continue
            widgets.append(widget._summary_data(card, source))
        return {
            "card": card_type,
            "customized": bool(self._summary_own(card_type)),
            "designs": self._selection("design"),
            "sizes": self._selection("size"),
            "chart_by": self._selection("chart_by"),
            "addable": [{"source": key, "name": labels[key]} for key in sources],
            "widgets": widgets,
        }

    def _summary_data(self, card, source):
        self.ensure_one()
        Model = source.records_model(self.env)
        count = Model.search_count(source.domain)
        records = []
        if count and self.design not in ("counter", "chart"):
            records = source.rows(Model.search(source.domain, order=source.order, limit=self.limit))
        return {
            "id": self.id,
            "source": self.source,
            "name": self.display_name,
            "design": self.design,
            "size": self.size,
            "chart_by": self.chart_by,
            "count": count,
            "can_create": bool(source.create),
            "empty_text": source.empty_text,
            "records": records,
            "chart": self._summary_chart(Model, source) if count and self.design == "chart" else [],
        }

    def _summary_chart(self, Model, source):
        """Bars of the chart design: records by stage, or by month for the
        last months that have records."""
        if self.chart_by == "stage" and source.stage:
            field = Model._fields[source.stage]
            groups = Model._read_group(source.domain, [source.stage], ["__count"])
            if field.type == "selection":
                labels = dict(field._description_selection(self.env))
                return [{"label": labels.get(value) or self.env._("None"), "value": n} for value, n in groups]
            return [{"label": value.display_name or self.env._("None"), "value": n} for value, n in groups]
        groups = Model._read_group(
            [*source.domain, (source.date, "!=", False)],
            [f"{source.date}:month"],
            ["__count"],
            order=f"{source.date}:month desc",
            limit=CHART_MONTHS,
        )
        return [
            {"label": format_date(self.env, month, date_format="LLL y"), "value": n} for month, n in reversed(groups)
        ]

    # --- changes from the card ---------------------------------------------

    @api.model
    def summary_update(self, res_model, res_id, widget_id, values):
        card = self._summary_card(res_model, res_id)
        values = {key: value for key, value in values.items() if key in ("design", "size", "chart_by")}
        for key, value in values.items():
            if value not in dict(self._fields[key].selection):
                raise UserError(self.env._("%(value)s is not a valid choice here.", value=value))
        self._summary_own_widget(card._vtiger_summary_card(), widget_id).write(values)
        return self.get_summary(res_model, res_id)

    @api.model
    def summary_move(self, res_model, res_id, widget_ids):
        card_type = self._summary_card(res_model, res_id)._vtiger_summary_card()
        own = self._summary_make_own(card_type)
        moved = [own[wid] for wid in widget_ids if wid in own]
        for sequence, widget in enumerate(moved, start=1):
            if widget.sequence != sequence:
                widget.sequence = sequence
        return self.get_summary(res_model, res_id)

    @api.model
    def summary_remove(self, res_model, res_id, widget_id):
        card = self._summary_card(res_model, res_id)
        self._summary_own_widget(card._vtiger_summary_card(), widget_id).active = False
        return self.get_summary(res_model, res_id)

    @api.model
    def summary_add(self, res_model, res_id, source):
        card = self._summary_card(res_model, res_id)
        if source not in card._vtiger_summary_sources():
            raise UserError(self.env._("This widget cannot be added to this card."))
        card_type = card._vtiger_summary_card()
        own = self._summary_make_own(card_type)
        last = max((widget.sequence for widget in own.values()), default=0)
        design = "timeline" if source == "communications" else "list"
        self.create(
            {"card": card_type, "source": source, "design": design, "user_id": self.env.uid, "sequence": last + 1}
        )
        return self.get_summary(res_model, res_id)

    @api.model
    def summary_reset(self, res_model, res_id):
        card = self._summary_card(res_model, res_id)
        self._summary_own(card._vtiger_summary_card()).unlink()
        return self.get_summary(res_model, res_id)

    @api.model
    def _summary_source(self, res_model, res_id, widget_id):
        card = self._summary_card(res_model, res_id)
        widget = self.browse(widget_id).exists()
        source = widget and card._vtiger_summary_sources().get(widget.source)
        if not source:
            raise UserError(self.env._("This widget is not on your Summary tab any more: reload the page."))
        return source

    @api.model
    def action_open_all(self, res_model, res_id, widget_id):
        return self._summary_source(res_model, res_id, widget_id).open()

    @api.model
    def action_create(self, res_model, res_id, widget_id):
        source = self._summary_source(res_model, res_id, widget_id)
        if not source.create:
            raise UserError(self.env._("Records of this widget are not created from the card."))
        return source.create()

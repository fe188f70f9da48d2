from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_vtiger_mass import MASS_MODELS


class CrmVtigerMassWizard(models.AbstractModel):
    """The records a list action runs on: the selected rows, or, when the
    user selected all the records of the list ("Select all") and there are
    more than the web client passes as ids, the list's domain."""

    _name = "crm.vtiger.mass.wizard"
    _description = "Records of a list action"

    res_model = fields.Char("Model", readonly=True)
    res_ids = fields.Json("Selected Records", readonly=True)
    res_domain = fields.Char("Selection Domain", readonly=True)
    record_count = fields.Integer("Selected", compute="_compute_record_count")

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        context = self.env.context
        model_name = context.get("active_model")
        if model_name not in MASS_MODELS:
            return defaults
        domain = self.env["crm.vtiger.mass"].selection_domain()
        defaults["res_model"] = model_name
        if domain is not None:
            defaults.update(res_domain=repr(domain), res_ids=False)
        else:
            defaults.update(res_ids=context.get("active_ids") or [], res_domain=False)
        return defaults

    @api.depends("res_model", "res_ids", "res_domain")
    def _compute_record_count(self):
        for wizard in self:
            if wizard.res_model and wizard.res_domain:
                wizard.record_count = self.env[wizard.res_model].search_count(literal_eval(wizard.res_domain))
            else:
                wizard.record_count = len(wizard.res_ids or [])

    def _vtiger_records(self):
        """The records to act on, as the user sees them."""
        self.ensure_one()
        if self.res_model not in MASS_MODELS:
            raise UserError(self.env._("This action works on leads, accounts and contacts only."))
        Model = self.env[self.res_model]
        if self.res_domain:
            return Model.search(literal_eval(self.res_domain))
        return Model.browse(self.res_ids or []).exists()

    def _vtiger_done(self, message):
        """Close the dialog (the list reloads) and tell what was done."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

from odoo import api, models, tools

# ir.sequence code -> (name, prefix): vtiger's default record numbering.
VTIGER_SEQUENCES = {
    "crm_vtiger_like.lead": ("Lead number", "LEA"),
    "crm_vtiger_like.deal": ("Deal number", "POT"),
    "crm_vtiger_like.account": ("Account number", "ACC"),
    "crm_vtiger_like.contact": ("Contact number", "CON"),
    "crm_vtiger_like.communication": ("Communication number", "COM"),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._crm_vtiger_ensure_sequences()
        return companies

    def _crm_vtiger_ensure_sequences(self):
        """Create the vtiger numbering sequences these companies lack."""
        sequences = self.env["ir.sequence"].sudo()
        existing = {
            (seq["code"], seq["company_id"][0])
            for seq in sequences.search_read(
                [("code", "in", list(VTIGER_SEQUENCES)), ("company_id", "in", self.ids)],
                ["code", "company_id"],
            )
        }
        sequences.create(
            [
                {
                    "name": name,
                    "code": code,
                    "prefix": prefix,
                    "padding": 0,
                    "number_next": 1,
                    "number_increment": 1,
                    "implementation": "standard",
                    "company_id": company.id,
                }
                for company in self
                for code, (name, prefix) in VTIGER_SEQUENCES.items()
                if (code, company.id) not in existing
            ]
        )

    def _crm_vtiger_sequence(self, code):
        """This company's sequence for ``code``, created if it was deleted."""
        self.ensure_one()
        sequence_id = self._crm_vtiger_sequence_id(code)
        if not sequence_id:
            self._crm_vtiger_ensure_sequences()
            self.env.registry.clear_cache()
            sequence_id = self._crm_vtiger_sequence_id(code)
        return self.env["ir.sequence"].sudo().browse(sequence_id)

    @tools.ormcache("self.id", "code")
    def _crm_vtiger_sequence_id(self, code):
        """Looked up once per worker: every record created draws a number
        (ir.sequence clears the cache when a vtiger sequence changes)."""
        domain = [("code", "=", code), ("company_id", "=", self.id)]
        return self.env["ir.sequence"].sudo().search(domain, limit=1).id

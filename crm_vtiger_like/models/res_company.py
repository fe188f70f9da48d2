from odoo import api, models

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
        domain = [("code", "=", code), ("company_id", "=", self.id)]
        sequence = self.env["ir.sequence"].sudo().search(domain, limit=1)
        if not sequence:
            self._crm_vtiger_ensure_sequences()
            sequence = self.env["ir.sequence"].sudo().search(domain, limit=1)
        return sequence

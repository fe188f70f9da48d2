from odoo import api, models
from odoo.osv import expression


class UtmSource(models.Model):
    _inherit = "utm.source"

    @api.model
    def _crm_vtiger_ensure_sources(self, sources):
        """Bind ``crm_vtiger_like.<xmlid>`` to the source of that name, creating
        only the missing ones (never a second source with the same name).

        :param sources: list of (xmlid, name) pairs
        """
        IrModelData = self.env["ir.model.data"]
        domain = expression.OR([[("name", "=ilike", name)] for _xmlid, name in sources])
        existing = {source.name.casefold(): source for source in self.search(domain)}
        for xmlid, name in sources:
            if IrModelData._xmlid_to_res_id(f"crm_vtiger_like.{xmlid}", raise_if_not_found=False):
                continue
            source = existing.get(name.casefold()) or self.create({"name": name})
            IrModelData.create(
                {
                    "module": "crm_vtiger_like",
                    "name": xmlid,
                    "model": self._name,
                    "res_id": source.id,
                    "noupdate": True,
                }
            )

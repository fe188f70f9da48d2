from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def get_import_templates(self):
        """Odoo's import offers the vtiger accounts and contacts templates
        next to the customers template of base."""
        return [
            *super().get_import_templates(),
            *self.env["crm.vtiger.import"]._vtiger_import_templates(["accounts", "contacts"]),
        ]

    @api.model
    def _vtiger_load_records_create(self, vals_list, keep_own_address=False):
        """Create partners as Odoo's import does (``_load_records_create``):
        a child takes the commercial fields of its commercial entity and a
        contact its parent's address, then its own children get its values.
        The parents' values are read once for the batch and go into the
        INSERT, where Odoo writes (and flushes) them parent by parent. With
        ``keep_own_address``, a contact that brings an address keeps it."""
        default_type = self.default_get(["type"]).get("type")
        parents = self.browse({vals["parent_id"] for vals in vals_list if vals.get("parent_id")})
        parent_of = {parent.id: parent for parent in parents}
        commercial_fields, address_fields = self._commercial_fields(), self._address_fields()
        synced = {}
        for parent in parents:
            address = {
                fname: parent._fields[fname].convert_to_write(parent[fname], parent)
                for fname in address_fields
                if parent[fname]
            }
            synced[parent.id] = parent.commercial_partner_id._update_fields_values(commercial_fields), address
        create_list = []
        for vals in vals_list:
            parent = parent_of.get(vals.get("parent_id"))
            if parent:
                commercial, address = synced[parent.id]
                vals = {**vals, **({} if vals.get("is_company") else commercial)}
                own_address = keep_own_address and any(vals.get(fname) for fname in address_fields)
                if vals.get("type", default_type) == "contact" and not own_address:
                    vals.update(address)
            create_list.append(vals)
        self._vtiger_pricelist_as_inverted(create_list)
        partners = self.with_context(_partners_skip_fields_sync=True).create(create_list)
        for partner, vals in zip(partners, create_list, strict=True):
            partner._children_sync(vals)
            partner._handle_first_contact_creation()
        return partners.with_env(self.env)

    @api.model
    def _vtiger_pricelist_as_inverted(self, vals_list):
        """The pricelist a new partner is given (a commercial field) stored as
        product's inverse stores it: as the partner's own pricelist unless it
        is its country's pricelist. The inverse searches that pricelist
        partner by partner; here once per country of the batch."""
        todo = [
            vals
            for vals in vals_list
            if "property_product_pricelist" in vals and "specific_property_product_pricelist" not in vals
        ]
        if not todo:
            return
        default_country = self.default_get(["country_id"]).get("country_id") or False
        countries = self.env["res.country"].browse({vals.get("country_id", default_country) for vals in todo} - {False})
        Pricelist = self.env["product.pricelist"]
        # the inverse's own search, for each country
        of_country = {
            country.id: Pricelist.search([("country_group_ids.country_ids.code", "=", country.code)], limit=1).id
            for country in countries
        }
        of_country[False] = Pricelist.search([("country_group_ids.country_ids.code", "=", False)], limit=1).id
        for vals in todo:
            pricelist = vals.pop("property_product_pricelist")
            if pricelist and pricelist != of_country[vals.get("country_id", default_country) or False]:
                vals["specific_property_product_pricelist"] = pricelist

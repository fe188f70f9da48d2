from odoo.tests import tagged

from .common import VtigerCase

# The field contract of SPEC 2.1 (leads), 2.2 (accounts) and 2.3 (contacts),
# in one place: technical name -> type, and the comodel of each picklist / link.
LEAD_FIELDS = {
    "lead_no": "char",
    "first_name": "char",
    "middle_name": "char",
    "last_name": "char",
    "contact_name": "char",
    "phone": "char",
    "mobile": "char",
    "fax": "char",
    "partner_name": "char",
    "source_id": "many2one",
    "email_from": "char",
    "email_secondary": "char",
    "website": "char",
    "user_id": "many2one",
    "team_id": "many2one",
    "street": "char",
    "city": "char",
    "country_id": "many2one",
    "industry_id": "many2one",
    "function": "char",
    "annual_revenue": "monetary",
    "employee_count": "integer",
    "rating_id": "many2one",
    "lead_status_id": "many2one",
    "vk_url": "char",
    "twitter_url": "char",
    "facebook_url": "char",
    "last_sms_date": "datetime",
    "email_opt_out": "boolean",
    "description": "html",
    "create_date": "datetime",
    "write_date": "datetime",
    "create_uid": "many2one",
    "deal_no": "char",
}
LEAD_COMODELS = {
    "source_id": "utm.source",
    "industry_id": "res.partner.industry",
    "rating_id": "crm.vtiger.rating",
    "lead_status_id": "crm.lead.status",
}


PARTNER_FIELDS = {
    "account_no": "char",
    "name": "char",
    "short_name": "char",
    "website": "char",
    "phone": "char",
    "email": "char",
    "phone_other": "char",
    "fax": "char",
    "email_secondary": "char",
    "user_id": "many2one",
    "industry_id": "many2one",
    "parent_id": "many2one",
    "member_of_id": "many2one",
    "member_ids": "one2many",
    "annual_revenue": "monetary",
    "employee_count": "integer",
    "rating_id": "many2one",
    "ownership": "char",
    "vat": "char",
    "kpp": "char",
    "account_type_id": "many2one",
    "classifier_code": "char",
    "notify_owner": "boolean",
    "converted_from_lead": "boolean",
    "source_lead_id": "many2one",
    "vk_url": "char",
    "twitter_url": "char",
    "facebook_url": "char",
    "email_opt_out": "boolean",
    "comment": "html",
    "contact_no": "char",
    "first_name": "char",
    "middle_name": "char",
    "last_name": "char",
    "mobile": "char",
    "phone_home": "char",
    "function": "char",
    "department": "char",
    "source_id": "many2one",
    "birthday": "date",
    "assistant_name": "char",
    "assistant_phone": "char",
    "reports_to_id": "many2one",
    "do_not_call": "boolean",
    "is_reference": "boolean",
    "portal_access": "boolean",
    "support_start_date": "date",
    "support_end_date": "date",
    "image_1920": "binary",
}
PARTNER_COMODELS = {
    "rating_id": "crm.vtiger.rating",
    "account_type_id": "crm.account.type",
    "source_lead_id": "crm.lead",
    "source_id": "utm.source",
    "reports_to_id": "res.partner",
    "member_of_id": "res.partner",
    "industry_id": "res.partner.industry",
}
COMMUNICATION_FIELDS = {
    "communication_no": "char",
    "partner_id": "many2one",
    "lead_id": "many2one",
    "date": "datetime",
    "user_id": "many2one",
    "team_id": "many2one",
    "channel": "selection",
    "direction": "selection",
    "kind": "selection",
    "source_id": "many2one",
    "purpose_id": "many2one",
    "summary": "char",
    "note": "html",
    "result": "text",
    "callback_date": "datetime",
    "company_id": "many2one",
    "phone": "char",
    "call_duration": "float",
    "call_recording_url": "char",
}
COMMUNICATION_COMODELS = {
    "partner_id": "res.partner",
    "lead_id": "crm.lead",
    "user_id": "res.users",
    "team_id": "crm.team",
    "source_id": "utm.source",
    "purpose_id": "crm.communication.purpose",
    "company_id": "res.company",
}


@tagged("post_install", "-at_install")
class TestFieldContract(VtigerCase):
    """The technical names other parts of the addon, its data and its users'
    imports rely on."""

    def assert_contract(self, model, types, comodels):
        fields = self.env[model]._fields
        for fname, ftype in types.items():
            self.assertIn(fname, fields, fname)
            self.assertEqual(fields[fname].type, ftype, fname)
        for fname, comodel in comodels.items():
            self.assertEqual(fields[fname].comodel_name, comodel, fname)

    def test_lead_fields(self):
        self.assert_contract("crm.lead", LEAD_FIELDS, LEAD_COMODELS)

    def test_partner_fields(self):
        self.assert_contract("res.partner", PARTNER_FIELDS, PARTNER_COMODELS)

    def test_communication_fields(self):
        self.assert_contract("crm.communication", COMMUNICATION_FIELDS, COMMUNICATION_COMODELS)
        fields = self.env["crm.communication"]._fields
        self.assertEqual(
            [key for key, _label in fields["channel"].selection],
            ["call", "email", "messenger", "social", "website_form", "visit", "other"],
        )
        self.assertEqual([key for key, _label in fields["direction"].selection], ["inbound", "outbound"])
        self.assertEqual([key for key, _label in fields["kind"].selection], ["new", "repeat"])

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .mass_common import MassActionCase


@tagged("post_install", "-at_install")
class TestMassEdit(MassActionCase):
    """The "Mass Edit" list action sets the ticked fields only, on every
    selected record, as the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rating = cls.env["crm.vtiger.rating"].search([], limit=1)
        cls.status = cls.env["crm.lead.status"].search([], order="id desc", limit=1)
        cls.industry = cls.env["res.partner.industry"].create({"name": "Строительство (тест)"})
        cls.account_type = cls.env["crm.account.type"].search([], limit=1)
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Массовая {index}",
                    "type": "lead",
                    "last_name": f"Клиент {index}",
                    "user_id": False,  # unassigned: the rep takes them
                    "source_id": cls.venyoo.id,
                    "industry_id": cls.industry.id,
                }
                for index in range(3)
            ]
        )
        cls.contacts = cls.env["res.partner"].create(
            [{"name": f"Контакт {index}", "industry_id": cls.industry.id} for index in range(2)]
        )

    def test_edit_leads(self):
        wizard = self.mass_wizard(
            "crm.vtiger.mass.edit",
            self.leads,
            change_user_id=True,
            user_id=self.sales_user.id,
            change_lead_status_id=True,
            lead_status_id=self.status.id,
            change_rating_id=True,
            rating_id=self.rating.id,
            change_source_id=True,  # ticked and empty: cleared
            change_email_opt_out=True,
            email_opt_out=True,
            industry_id=self.industry.id,  # not ticked: ignored
        )
        self.assertEqual((wizard.res_model, wizard.record_count), ("crm.lead", 3))
        action = wizard.action_apply()
        self.assertNotification(action, "3 records updated")
        self.assertRecordValues(
            self.leads,
            [
                {
                    "user_id": self.sales_user.id,
                    "lead_status_id": self.status.id,
                    "rating_id": self.rating.id,
                    "source_id": False,
                    "email_opt_out": True,
                    "industry_id": self.industry.id,
                }
            ]
            * 3,
        )

    def test_edit_partners(self):
        wizard = self.mass_wizard(
            "crm.vtiger.mass.edit",
            self.contacts,
            change_account_type_id=True,
            account_type_id=self.account_type.id,
            change_do_not_call=True,
            do_not_call=True,
            change_industry_id=True,
            change_lead_status_id=True,  # leads only: not offered on partners
            lead_status_id=self.status.id,
        )
        self.assertNotification(wizard.action_apply(), "2 records updated")
        self.assertRecordValues(
            self.contacts,
            [{"account_type_id": self.account_type.id, "do_not_call": True, "industry_id": False}] * 2,
        )

    def test_nothing_ticked(self):
        wizard = self.mass_wizard("crm.vtiger.mass.edit", self.contacts, change_lead_status_id=True)
        with self.assertRaisesRegex(UserError, "Tick the fields to change"):
            wizard.action_apply()

    def test_others_leads_refused(self):
        """A rep ("own documents only") selecting a colleague's lead: refused
        with the count, nothing written, not even on their own leads."""
        others = self.env["crm.lead"].create(
            [{"name": f"Чужая {index}", "type": "lead", "user_id": self.sales_manager.id} for index in range(2)]
        )
        wizard = self.mass_wizard(
            "crm.vtiger.mass.edit", self.leads | others, change_rating_id=True, rating_id=self.rating.id
        )
        with self.assertRaisesRegex(UserError, r"^2 of the 5 selected records are not yours to change"):
            wizard.action_apply()
        self.assertFalse((self.leads | others).filtered("rating_id"))

    def test_selection_is_not_the_list(self):
        """The list always passes its domain: a few selected rows are acted
        on, not the whole list."""
        wizard = self.mass_wizard(
            "crm.vtiger.mass.edit",
            self.leads[:1],
            domain=[("id", "in", self.leads.ids)],
            change_rating_id=True,
            rating_id=self.rating.id,
        )
        self.assertNotification(wizard.action_apply(), "1 records updated")
        self.assertEqual(self.leads.mapped("rating_id"), self.rating)
        self.assertFalse(self.leads[1:].filtered("rating_id"))

    def test_offered_fields(self):
        """Lead status is offered on leads, account type and Do Not Call on partners."""
        view = self.env.ref("crm_vtiger_like.crm_vtiger_mass_edit_view_form")
        arch = etree.fromstring(self.env["crm.vtiger.mass.edit"].get_view(view.id)["arch"])
        invisible = {div.get("name"): div.get("invisible") for div in arch.xpath("//group[@name='fields']/div")}
        self.assertEqual(len(invisible), 9)
        self.assertEqual(invisible["lead_status_id"], "res_model != 'crm.lead'")
        self.assertEqual(invisible["account_type_id"], "res_model != 'res.partner'")
        self.assertEqual(invisible["do_not_call"], "res_model != 'res.partner'")
        self.assertIsNone(invisible["user_id"])

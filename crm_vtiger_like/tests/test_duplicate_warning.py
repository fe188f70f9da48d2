from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestDuplicateWarning(VtigerCase):
    """ "Possible duplicates" on a record being typed, from the onchange;
    saving is never blocked unless the setting says so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["res.partner"].create(
            {"name": "Виктор Орехов", "mobile": "+7 905 313-22-11", "email": "orekhov@example.ru"}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Заявка Орехова",
                "type": "lead",
                "contact_name": "Виктор Орехов",
                "phone": "+7 905 313-22-11",
                "user_id": cls.sales_user.id,
            }
        )

    def test_partner_form_warns_and_saves(self):
        form = Form(self.env["res.partner"].with_user(self.sales_user))
        self.assertFalse(form.vtiger_duplicate_warning)
        form.last_name = "Смирнова"
        form.first_name = "Анна"
        self.assertFalse(form.vtiger_duplicate_warning)
        form.phone = "8 (905) 313-22-11"
        warning = str(form.vtiger_duplicate_warning)
        self.assertIn("Possible duplicates", warning)
        self.assertIn(f'href="/odoo/res.partner/{self.existing.id}" target="_blank">Виктор Орехов</a>', warning)
        self.assertIn(">60</span>", warning)
        self.assertIn("same phone +7 905 313-22-11", warning)
        form.last_name = "Орехов"
        form.first_name = "Виктор"
        self.assertIn(">84</span>", str(form.vtiger_duplicate_warning))
        partner = form.save()
        self.assertEqual(partner.phone, "+7 905 313-22-11")  # formatted on save
        # a saved record shows no warning
        self.assertFalse(partner.vtiger_duplicate_warning)

    def test_lead_quick_create_warns(self):
        form = Form(
            self.env["crm.lead"].with_user(self.sales_user).with_context(default_type="lead"),
            view="crm_vtiger_like.crm_lead_view_form_quick_create",
        )
        form.last_name = "Орехов"
        form.first_name = "Виктор"
        warning = str(form.vtiger_duplicate_warning)
        self.assertIn(f'href="/odoo/crm.lead/{self.lead.id}"', warning)
        self.assertIn("same name Виктор Орехов", warning)
        form.email_from = "someone@example.ru"
        lead = form.save()
        self.assertEqual(lead.contact_name, "Виктор Орехов")

    def test_opportunity_quick_create_warns(self):
        form = Form(
            self.env["crm.lead"].with_user(self.sales_user).with_context(default_type="opportunity"),
            view="crm.quick_create_opportunity_form",
        )
        form.name = "Новая сделка"
        form.phone = "+79053132211"
        self.assertIn(f'href="/odoo/crm.lead/{self.lead.id}"', str(form.vtiger_duplicate_warning))
        form.save()

    def test_blocking_option(self):
        self.env["ir.config_parameter"].set_param("crm_vtiger_like.duplicate_block_partners", "True")
        Partner = self.env["res.partner"].with_user(self.sales_user)
        with self.assertRaisesRegex(ValidationError, r"Олег Петров looks like a duplicate of:\n- Виктор Орехов \(60"):
            Partner.create({"name": "Олег Петров", "email": "Orekhov@example.ru"})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Олег Петров")]))
        # no duplicate, no block; leads are not blocked by the partners' option
        self.assertTrue(Partner.create({"name": "Олег Петров", "email": "petrov@example.ru"}))
        self.assertTrue(
            self.env["crm.lead"].with_user(self.sales_user).create({"name": "Ещё заявка", "phone": "+7 905 313-22-11"})
        )
        self.env["ir.config_parameter"].set_param("crm_vtiger_like.duplicate_block_leads", "True")
        with self.assertRaisesRegex(ValidationError, "looks like a duplicate of"):
            self.env["crm.lead"].with_user(self.sales_user).create({"name": "Третья", "phone": "+7 905 313-22-11"})

    def test_lead_form_warns(self):
        form = Form(self.env["crm.lead"].with_user(self.sales_user).with_context(default_type="lead"))
        form.name = "Звонок"
        self.assertFalse(form.vtiger_duplicate_warning)
        form.mobile = "+7 (905) 313 22 11"
        warning = str(form.vtiger_duplicate_warning)
        self.assertIn(f'href="/odoo/crm.lead/{self.lead.id}" target="_blank">', warning)
        self.assertIn("same mobile +7 905 313-22-11", warning)
        form.save()

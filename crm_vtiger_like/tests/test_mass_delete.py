from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .mass_common import MassActionCase


@tagged("post_install", "-at_install")
class TestMassDelete(MassActionCase):
    """ "Delete (archive if used)": what can be deleted is, what is used
    elsewhere is archived, the rest is kept, and the user is told."""

    def test_delete_leads(self):
        leads = self.env["crm.lead"].create(
            [{"name": f"Удалить {index}", "type": "lead", "user_id": self.sales_user.id} for index in range(3)]
        )
        action = self.mass_wizard("crm.vtiger.mass.delete", leads, user=self.sales_manager).action_delete()
        self.assertNotification(action, "3 deleted, 0 archived because they are used elsewhere")
        self.assertFalse(leads.exists())

    def test_partners_used_elsewhere_are_archived(self):
        free = self.env["res.partner"].create({"name": "Свободный контакт"})
        # the partner of an archived user: deleting it breaks a foreign key (RESTRICT)
        former = new_test_user(self.env, login="vt_former", name="Бывший сотрудник")
        former.active = False
        # the partner of an active user: neither deleted nor archived (Odoo refuses both)
        active = self.portal_user.partner_id
        records = free | former.partner_id | active
        action = self.mass_wizard("crm.vtiger.mass.delete", records).action_delete()
        self.assertEqual(action["tag"], "display_notification")
        self.assertRegex(
            action["params"]["message"],
            r"^1 deleted, 1 archived because they are used elsewhere; 1 kept: You cannot archive contacts linked "
            r"to an active user",
        )
        self.assertFalse(free.exists())
        self.assertRecordValues(former.partner_id.with_context(active_test=False), [{"active": False}])
        self.assertTrue(active.exists().active)

    def test_rep_may_not_delete_leads(self):
        """Odoo lets sales reps edit their leads, not delete them: refused,
        nothing deleted nor archived."""
        mine = self.env["crm.lead"].create({"name": "Моя", "type": "lead", "user_id": self.sales_user.id})
        wizard = self.mass_wizard("crm.vtiger.mass.delete", mine)
        with self.assertRaisesRegex(UserError, "^Your access rights do not allow this action on Lead/Opportunity"):
            wizard.action_delete()
        self.assertTrue(mine.exists().active)
        self.assertEqual(
            self.env.ref("crm_vtiger_like.action_crm_vtiger_mass_delete_leads").groups_id,
            self.env.ref("sales_team.group_sale_manager"),
        )

    def test_confirmation(self):
        """The action opens a confirmation with the count, Odoo's own Delete stays."""
        leads = self.env["crm.lead"].create(
            [{"name": f"Удалить {index}", "type": "lead", "user_id": self.sales_user.id} for index in range(2)]
        )
        self.assertEqual(self.mass_wizard("crm.vtiger.mass.delete", leads).record_count, 2)
        action = self.env.ref("crm_vtiger_like.action_crm_vtiger_mass_delete_partners")
        self.assertRecordValues(
            action,
            [
                {
                    "res_model": "crm.vtiger.mass.delete",
                    "target": "new",
                    "binding_model_id": self.env.ref("base.model_res_partner").id,
                    "binding_view_types": "list",
                }
            ],
        )

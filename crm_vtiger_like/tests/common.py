from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class VtigerCase(TransactionCase):
    """Shared fixtures: a sales rep, a sales manager, a portal user and a
    second company, all created as real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "ООО «Второй офис»"})
        cls.sales_user = new_test_user(
            cls.env,
            login="vt_rep",
            name="Ирина Продажина",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_ids=[(6, 0, (cls.company | cls.company_2).ids)],
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="vt_manager",
            name="Олег Начальников",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        cls.portal_user = new_test_user(cls.env, login="vt_portal", groups="base.group_portal")

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Odoo's ``assertRaises`` (rolled back to a savepoint), plus a check
        of the message: the failed write must not linger in the transaction."""
        with self.assertRaises(exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

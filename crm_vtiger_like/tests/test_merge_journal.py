from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import VtigerCase

# columns the ORM rewrites on any write: not part of a row's state
VOLATILE = ("write_date", "write_uid")


@tagged("post_install", "-at_install")
class TestMergeJournal(VtigerCase):
    """Every merge is journaled; a manager can preview what moves and undo
    a merge exactly: every row it touched comes back as it was, rows made
    since stay with the master, and an unmerge that cannot be done changes
    nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.master, cls.twin = cls.duplicate_accounts()
        cls.twin_contacts = Partner.create(
            [{"name": name, "parent_id": cls.twin.id} for name in ("Анна Орлова", "Олег Тарасов")]
        )
        cls.twin_deals = cls.env["crm.lead"].create(
            [{"name": f"Поставка {i}", "type": "opportunity", "partner_id": cls.twin.id} for i in range(3)]
        )
        cls.twin.message_post(body="История переписки", message_type="comment", subtype_xmlid="mail.mt_note")
        cls.env["ir.attachment"].create({"name": "договор.pdf", "res_model": "res.partner", "res_id": cls.twin.id})
        cls.twin.activity_schedule("mail.mail_activity_data_call", user_id=cls.sales_user.id)
        # rows that collapse onto the master's: the same follower, channel and bank account
        cls.deal = cls.env["crm.lead"].create({"name": "Общая сделка", "type": "opportunity"})
        cls.deal.message_subscribe(partner_ids=(cls.master | cls.twin).ids)
        cls.channel = cls.env["discuss.channel"].create({"name": "Отдел продаж", "channel_type": "channel"})
        cls.channel.add_members(partner_ids=(cls.master | cls.twin).ids)
        Bank = cls.env["res.partner.bank"].sudo()
        Bank.create({"acc_number": "40702810900000012345", "partner_id": cls.master.id})
        cls.twin_bank = Bank.create({"acc_number": "4070 2810 9000 0001 2345", "partner_id": cls.twin.id})
        cls.Merge = cls.env["crm.vtiger.merge"].with_user(cls.sales_manager)

    def snapshot(self, tables):
        """Every row of these tables, as it is (without the columns any write changes)."""
        rows = {}
        for table in tables:
            for (row,) in self.env.execute_query(SQL("SELECT to_jsonb(t) FROM %s t", SQL.identifier(table))):
                for column in VOLATILE:
                    row.pop(column, None)
                rows.setdefault(table, []).append(row)
        return rows

    def merge(self, values=None):
        records = (self.master | self.twin).with_user(self.sales_manager)
        self.Merge.merge(records, self.master.with_user(self.sales_manager), values or {})
        return self.env["crm.vtiger.merge.journal"].search([("master_id", "=", self.master.id)], limit=1)

    def test_preview_counts_what_moves(self):
        preview = self.Merge.preview(self.master | self.twin, self.master)
        counts = preview[self.twin]
        self.assertEqual(counts["Lead/Opportunity"], 3)
        self.assertEqual(counts["Contact"], 2)
        self.assertEqual(counts["Attachment"], 1)
        self.assertEqual(counts["Activity"], 1)
        self.assertEqual(counts["Channel Member"], 1)
        self.assertEqual(counts["Bank Accounts"], 1)
        # the preview moved nothing
        self.assertEqual(self.twin_deals.partner_id, self.twin)
        self.assertFalse(self.env["crm.vtiger.merge.journal"].search([]))
        journal = self.merge()
        self.assertEqual(journal._counts()[self.twin.id], counts)

    def test_wizard_shows_preview_and_overwritten_values(self):
        context = {"active_model": "res.partner", "active_ids": (self.master | self.twin).ids}
        wizard = Form(self.env["crm.vtiger.merge.wizard"].with_user(self.sales_manager).with_context(**context))
        self.assertIn("Lead/Opportunity: 3", wizard.preview_html)
        website = next(i for i, line in enumerate(wizard.line_ids._records) if line["field_name"] == "website")
        with wizard.line_ids.edit(website) as line:
            line.choice_of_two = "2"
        self.assertIn("Website: — → https://romashka.ru", wizard.overwrite_html)

    def test_merge_then_unmerge_restores_every_row(self):
        tables = {
            "res_partner",
            "crm_lead",
            "mail_followers",
            "discuss_channel_member",
            "res_partner_bank",
            "ir_attachment",
            "mail_activity",
            "res_partner_res_partner_category_rel",
            "crm_vtiger_phone",
        }
        self.env.flush_all()
        before = self.snapshot(tables)
        journal = self.merge({"website": "https://romashka.ru"})
        self.assertEqual(
            (journal.state, journal.user_id, journal.merged_ids), ("done", self.sales_manager, self.twin.ids)
        )
        self.assertEqual(journal.master_values, {"website": False})
        self.assertEqual(self.twin_deals.partner_id, self.master)
        # made after the merge: stays with the master
        later = self.env["crm.lead"].create(
            {"name": "Новая сделка", "type": "opportunity", "partner_id": self.master.id}
        )
        journal.with_user(self.sales_manager).action_unmerge()
        self.assertEqual(journal.state, "unmerged")
        self.assertEqual(later.partner_id, self.master)
        self.env.flush_all()
        after = self.snapshot(tables)
        for table in tables:
            # the deal made after the merge and its phone (the master's, through the partner) are new
            rows_after = [
                row
                for row in after[table]
                if not (table == "crm_lead" and row["id"] == later.id)
                and not (table == "crm_vtiger_phone" and (row["res_model"], row["res_id"]) == ("crm.lead", later.id))
            ]
            for row in before[table]:
                self.assertIn(row, rows_after, f"{table}: {row.get('id')}")
            self.assertEqual(len(rows_after), len(before[table]), table)
        self.assertTrue(self.twin.active)
        self.assertEqual(self.twin_contacts.commercial_partner_id, self.twin)
        self.assertEqual(self.twin_bank.exists().partner_id, self.twin)
        self.assertFalse(self.master.website)
        self.assertIn("Merge undone", self.twin.message_ids[0].body)
        self.assertTrue(any("История переписки" in body for body in self.twin.message_ids.mapped("body")))
        self.assertFalse(any("История переписки" in body for body in self.master.message_ids.mapped("body")))
        with self.assertRaisesRegex(UserError, "already undone"):
            journal.with_user(self.sales_manager).action_unmerge()

    def test_unmerge_refused_when_it_cannot_be_done(self):
        """The twin rejoins the channel after the merge: its old membership
        cannot come back. The unmerge fails as a whole (caught outside any
        savepoint of the test) and the merge stays as it was."""
        journal = self.merge()
        self.channel.add_members(partner_ids=self.twin.ids)
        try:
            journal.with_user(self.sales_manager).action_unmerge()
        except UserError as error:
            self.assertIn("cannot be unmerged", str(error))
        else:
            self.fail("the unmerge should have been refused")
        self.env.invalidate_all()
        self.assertEqual(journal.state, "done")
        self.assertFalse(self.twin.active)
        self.assertEqual(self.twin_deals.partner_id, self.master)
        self.assertEqual(self.twin_contacts.parent_id, self.master)

    def test_unmerge_rights_and_window(self):
        journal = self.merge()
        with self.assertRaises(AccessError):
            journal.with_user(self.sales_user).action_unmerge()
        self.env.execute_query(
            SQL(
                "UPDATE crm_vtiger_merge_journal SET create_date = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=31),
                journal.id,
            )
        )
        journal.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "within 30 days"):
            journal.with_user(self.sales_manager).action_unmerge()
        self.env["crm.vtiger.merge.journal"]._cron_expire()
        self.assertEqual(journal.state, "expired")
        self.assertFalse(journal.line_ids)

    def test_lead_merge_and_unmerge(self):
        first = self.env["crm.lead"].create({"name": "Заявка 1", "type": "lead", "phone": "+7 903 111-22-33"})
        second = self.env["crm.lead"].create({"name": "Заявка 2", "type": "lead", "phone": "8 903 111 22 33"})
        second.message_post(body="Звонил вчера", message_type="comment", subtype_xmlid="mail.mt_note")
        self.Merge.merge(first | second, first)
        self.assertEqual(second.vtiger_merged_into_id, first)
        journal = self.env["crm.vtiger.merge.journal"].search([("res_model", "=", "crm.lead")])
        journal.with_user(self.sales_manager).action_unmerge()
        self.assertTrue(second.active)
        self.assertFalse(second.vtiger_merged_into_id)
        self.assertTrue(any("Звонил вчера" in body for body in second.message_ids.mapped("body")))

from odoo.exceptions import UserError
from odoo.tests import tagged

from .mass_common import MassActionCase


@tagged("post_install", "-at_install")
class TestMassComment(MassActionCase):
    """ "Add Comment": one internal note on every selected record, each with
    its own copy of the attachments; the people to notify are told once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contacts = cls.env["res.partner"].create([{"name": f"Комментарий {index}"} for index in range(3)])

    def _notes(self, records):
        return self.env["mail.message"].search(
            [
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
                ("subtype_id", "=", self.note.id),
                ("message_type", "=", "comment"),
            ]
        )

    @property
    def note(self):
        return self.env.ref("mail.mt_note")

    def test_comment_with_attachment_and_notified(self):
        attachment = self.comment_attachment()
        manager = self.sales_manager.partner_id
        notified_before = self.env["mail.notification"].search_count([("res_partner_id", "=", manager.id)])
        wizard = self.mass_wizard(
            "crm.vtiger.mass.comment",
            self.contacts,
            body="<p>Позвонить после праздников</p>",
            partner_ids=manager.ids,
            attachment_ids=attachment.ids,
        )
        self.assertNotification(wizard.action_post(), "Comment added to 3 records")
        notes = self._notes(self.contacts)
        self.assertEqual(sorted(notes.mapped("res_id")), sorted(self.contacts.ids))
        self.assertRecordValues(
            notes,
            [
                {
                    "body": "<p>Позвонить после праздников</p>",
                    "message_type": "comment",
                    "is_internal": True,
                    "author_id": self.sales_user.partner_id.id,
                    "partner_ids": manager.ids,
                }
            ]
            * 3,
        )
        copies = notes.attachment_ids
        self.assertEqual(len(copies), 3, "each record owns its copy")
        for note in notes:
            self.assertRecordValues(
                note.attachment_ids, [{"name": "прайс.txt", "res_model": "res.partner", "res_id": note.res_id}]
            )
            self.assertEqual(note.attachment_ids.raw.decode(), "Цены на кирпич")
        self.assertFalse(attachment.exists(), "the wizard's upload is gone, the records have their copies")
        # the colleague is told once, not three times
        notified = self.env["mail.notification"].search_count([("res_partner_id", "=", manager.id)])
        self.assertEqual(notified - notified_before, 1)

    def test_comment_on_leads(self):
        leads = self.env["crm.lead"].create(
            [{"name": f"Лид {index}", "type": "lead", "user_id": self.sales_user.id} for index in range(2)]
        )
        self.mass_wizard("crm.vtiger.mass.comment", leads, body="<p>Проверить бюджет</p>").action_post()
        self.assertEqual(len(self._notes(leads)), 2)
        self.assertEqual(leads[0].message_ids[0].body, "<p>Проверить бюджет</p>")

    def test_empty_comment(self):
        wizard = self.mass_wizard("crm.vtiger.mass.comment", self.contacts, body="<p><br></p>")
        with self.assertRaisesRegex(UserError, "Write the comment to add"):
            wizard.action_post()

    def test_others_leads_refused(self):
        other = self.env["crm.lead"].create({"name": "Чужая", "type": "lead", "user_id": self.sales_manager.id})
        mine = self.env["crm.lead"].create({"name": "Моя", "type": "lead", "user_id": self.sales_user.id})
        wizard = self.mass_wizard("crm.vtiger.mass.comment", mine | other, body="<p>Заметка</p>")
        with self.assertRaisesRegex(UserError, "^1 of the 2 selected records are not yours to change"):
            wizard.action_post()
        self.assertFalse(self._notes(mine | other).filtered(lambda m: m.body == "<p>Заметка</p>"))

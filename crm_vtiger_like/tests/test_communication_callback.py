from datetime import date, datetime

from odoo.tests import tagged

from .common import CommunicationCase


@tagged("post_install", "-at_install")
class TestCommunicationCallback(CommunicationCase):
    """Planning a callback schedules a Callback activity for the responsible
    user; completing it offers to log the repeat communication."""

    def setUp(self):
        super().setUp()
        self.callback_type = self.env.ref("crm_vtiger_like.mail_activity_type_callback")
        self.call = self.log(
            lead_id=self.lead.id,
            user_id=self.sales_user.id,
            summary="Просил перезвонить",
            callback_date=datetime(2030, 3, 14, 9, 30),
        )

    def test_callback_schedules_an_activity(self):
        activity = self.call.callback_activity_id
        self.assertEqual(
            (activity.activity_type_id, activity.user_id, activity.date_deadline, activity.res_model, activity.res_id),
            (self.callback_type, self.sales_user, date(2030, 3, 14), "crm.communication", self.call.id),
        )
        self.assertEqual(activity.summary, "Send a quote")

    def test_moving_reassigning_and_cancelling(self):
        activity = self.call.callback_activity_id
        self.call.callback_date = datetime(2030, 4, 1, 12, 0)
        self.assertEqual((self.call.callback_activity_id, activity.date_deadline), (activity, date(2030, 4, 1)))
        self.call.user_id = self.sales_manager
        self.assertEqual(activity.user_id, self.sales_manager)
        self.call.callback_date = False
        self.assertFalse(activity.exists())
        self.assertFalse(self.call.callback_activity_id)

    def test_callback_done_offers_the_repeat(self):
        action = self.call.with_user(self.sales_user).action_callback_done()
        self.assertFalse(self.call.callback_activity_id)
        # done as Odoo does it: a "Callback done" message in the chatter
        self.assertIn(self.callback_type, self.call.message_ids.mail_activity_type_id)
        context = action["context"]
        self.assertEqual(
            (action["res_model"], action["target"], context["default_lead_id"], context["default_purpose_id"]),
            ("crm.communication", "new", self.lead.id, self.quote.id),
        )
        self.assertEqual((context["default_direction"], context["default_channel"]), ("outbound", "call"))
        repeat = self.env["crm.communication"].with_context(**context).create({"summary": "Перезвонил"})
        self.assertEqual((repeat.kind, repeat.lead_id, repeat.purpose_id), ("repeat", self.lead, self.quote))

    def test_done_and_schedule_next_logs_the_repeat(self):
        action = self.call.callback_activity_id.with_user(self.sales_user).action_feedback_schedule_next()
        self.assertEqual(
            (action["res_model"], action["context"]["default_lead_id"]), ("crm.communication", self.lead.id)
        )
        # any other activity keeps Odoo's behaviour
        other = self.lead.activity_schedule("mail.mail_activity_data_todo", user_id=self.sales_user.id)
        self.assertEqual(other.action_feedback_schedule_next()["res_model"], "mail.activity")

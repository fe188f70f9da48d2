import base64

from .common import CommunicationCase


class MassActionCase(CommunicationCase):
    """Helpers to run the list actions' wizards as the list's Actions menu
    opens them (active_model, active_ids and the list's active_domain)."""

    def mass_wizard(self, wizard_model, records, user=None, domain=None, **values):
        """The wizard ``wizard_model`` on ``records`` (the ids the web client
        passes), as ``user`` (the sales rep by default); ``domain`` is the
        list's domain it always passes along."""
        context = {
            "active_model": records._name,
            "active_ids": records.ids,
            "active_id": records[:1].id,
            "active_domain": domain if domain is not None else [("id", "in", records.ids)],
        }
        return self.env[wizard_model].with_user(user or self.sales_user).with_context(**context).create(values)

    def comment_attachment(self):
        """A price list the sales rep uploads in the "Add Comment" wizard."""
        return (
            self.env["ir.attachment"]
            .with_user(self.sales_user)
            .create(
                {
                    "name": "прайс.txt",
                    "datas": base64.b64encode("Цены на кирпич".encode()),
                    "res_model": "crm.vtiger.mass.comment",
                    "res_id": 0,
                }
            )
        )

    def assertNotification(self, action, message):
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["message"], message)
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})

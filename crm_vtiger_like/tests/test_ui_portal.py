from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUiPortal(HttpCase):
    """A client's contact, a portal user, files a request from /my and finds
    it among their requests."""

    def test_portal_new_request(self):
        account = self.env["res.partner"].create({"name": "ООО «Тур-Альфа»", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Тамара Турова", "parent_id": account.id, "email": "tour.portal@alfa.example.com"}
        )
        new_test_user(
            self.env,
            login="vt_portal_tour",
            groups="base.group_portal",
            partner_id=contact.id,
            name=contact.name,
            email=contact.email,
        )
        self.start_tour("/my", "crm_vtiger_like_portal", login="vt_portal_tour")
        lead = self.env["crm.lead"].search([("name", "=", "Тур: нужен диван в приёмную")])
        self.assertEqual(len(lead), 1)
        self.assertRecordValues(
            lead,
            [
                {
                    "partner_id": contact.id,
                    "type": "lead",
                    "source_id": self.env.ref("crm_vtiger_like.utm_source_portal").id,
                    "user_id": False,
                }
            ],
        )
        self.assertRecordValues(
            lead.communication_ids,
            [{"partner_id": contact.id, "kind": "new", "channel": "website_form", "direction": "inbound"}],
        )

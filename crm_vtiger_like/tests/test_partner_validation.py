import base64
import io
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VtigerCase


def image(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, fmt)
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestPartnerValidation(VtigerCase):
    """Pictures, birthdays, web addresses and e-mails on accounts and contacts."""

    def setUp(self):
        super().setUp()
        self.Partner = self.env["res.partner"].with_user(self.sales_user)

    def test_image_formats(self):
        for fmt in ("PNG", "JPEG", "GIF"):
            self.assertTrue(self.Partner.create({"name": f"Фото {fmt}", "image_1920": image(fmt)}).image_1920)
        for fmt in ("BMP", "TIFF"):
            with self.subTest(fmt=fmt), self.assertRaisesRegex(ValidationError, "PNG, JPEG or GIF"):
                self.Partner.create({"name": f"Фото {fmt}", "image_1920": image(fmt)})
        partner = self.Partner.create({"name": "Без фото"})
        with self.assertRaisesRegex(ValidationError, "PNG, JPEG or GIF"):
            partner.image_1920 = base64.b64encode(b"not an image at all")

    def test_birthday_not_in_future(self):
        today = fields.Date.context_today(self.Partner)
        self.assertEqual(self.Partner.create({"name": "Пётр Иванов", "birthday": today}).birthday, today)
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"):
            self.Partner.create({"name": "Пётр Будущев", "birthday": today + timedelta(days=1)})

    def test_urls_and_emails(self):
        partner = self.Partner.create(
            {"name": "ООО Ромашка", "is_company": True, "vk_url": "vk.com/romashka", "email": "info@romashka.ru"}
        )
        self.assertEqual(partner.vk_url, "https://vk.com/romashka")
        with self.assertRaisesRegex(ValidationError, "not a valid web address"):
            partner.facebook_url = "facebook"
        with self.assertRaisesRegex(ValidationError, "valid e-mail"):
            partner.email = "info@romashka"
        with self.assertRaisesRegex(ValidationError, "valid e-mail"):
            partner.email_secondary = "второй адрес"
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            partner.employee_count = -5

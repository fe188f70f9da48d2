"""The xlsx import templates of leads, accounts and contacts (vtiger card
labels in Russian), for internal users."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import content_disposition, request

from ..models.crm_vtiger_import_columns import KINDS

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class VtigerImportTemplate(http.Controller):
    @http.route("/crm_vtiger_like/import_template/<string:kind>", type="http", auth="user", methods=["GET"])
    def import_template(self, kind):
        if kind not in KINDS:
            raise NotFound()
        if not request.env.user._is_internal():
            raise Forbidden()
        Import = request.env["crm.vtiger.import"]
        content = Import._vtiger_template_xlsx(kind)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(Import._vtiger_template_filename(kind))),
            ],
        )

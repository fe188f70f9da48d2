"""POST /crm_vtiger_like/inbound: requests from Venyoo, 2GIS, Instagram and
site forms (readme/INBOUND.md). The channel model does the work; this maps
it to HTTP."""

import json
import logging
import re
from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

_logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
TOKEN_IN_URL = re.compile(r"(/crm_vtiger_like/inbound\?(?:[^\s\"]*&)?token=)[^&\s\"]*")


class RedactInboundToken(logging.Filter):
    """Masks the token a sender put in the query string (``?token=``) in the
    access log werkzeug writes for every request."""

    def filter(self, record):
        if isinstance(record.msg, str) and record.args:
            message = record.getMessage()
            if "/crm_vtiger_like/inbound?" in message:
                record.msg, record.args = TOKEN_IN_URL.sub(r"\1***", message), ()
        return True


logging.getLogger("werkzeug").addFilter(RedactInboundToken())


class InboundController(http.Controller):
    @http.route(
        "/crm_vtiger_like/inbound",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def inbound(self, **_params):
        """201 with the numbers of the communication and its lead, 200 for a
        request received already or a connection test; 400, 401, 413 or 429
        with ``{"error": ...}``, and nothing created."""
        httprequest = request.httprequest
        throttle = request.env["crm.inbound.throttle"].sudo()
        if retry_after := throttle._vtiger_retry_after(httprequest.remote_addr):
            message = request.env._(
                "Too many requests with a wrong token: try again in %(seconds)s s.", seconds=retry_after
            )
            return self._error(429, message, headers=[("Retry-After", str(retry_after))])
        is_form = httprequest.mimetype in FORM_MIMETYPES
        if (httprequest.content_length or 0) > MAX_BODY:
            return self._too_large()
        # the body actually read counts too: a chunked one has no Content-Length
        data = None if is_form else httprequest.get_data()
        size = len(urlencode(list(httprequest.form.items(multi=True)))) if is_form else len(data)
        if size > MAX_BODY:
            return self._too_large()
        channel = request.env["crm.inbound.channel"]._vtiger_authenticate(self._token(is_form))
        if not channel:
            failures, max_failures = throttle._vtiger_refused(httprequest.remote_addr)
            log = _logger.warning if failures == max_failures else _logger.info
            log(
                "Inbound request refused from %s: wrong token (%s of %s allowed)",
                httprequest.remote_addr,
                failures,
                max_failures,
            )
            message = request.env._("The token is missing or wrong.")
            return self._error(401, message, headers=[("WWW-Authenticate", "Bearer")])
        try:
            payload = httprequest.form.to_dict() if is_form else self._json(data)
            receipt, created = channel._vtiger_receive(payload)
        except UserError as error:
            return self._error(400, error.args[0])
        if receipt is None:
            return request.make_json_response({"test": "ok"})
        return request.make_json_response(receipt, status=201 if created else 200)

    def _token(self, is_form):
        """The token of ``Authorization: Bearer``, else of the ``token``
        parameter (query string or form)."""
        scheme, _sep, token = request.httprequest.headers.get("Authorization", "").strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
        token = request.httprequest.args.get("token")
        if not token and is_form:
            token = request.httprequest.form.get("token")
        return token

    def _json(self, data):
        try:
            return json.loads(data)
        except (ValueError, RecursionError) as error:
            raise UserError(request.env._("The body is not valid JSON.")) from error

    def _too_large(self):
        return self._error(413, request.env._("The request is larger than %(size)s KB.", size=MAX_BODY // 1024))

    def _error(self, status, message, headers=None):
        return request.make_json_response({"error": message}, headers=headers, status=status)

"""An inbound channel for the load test of bench/communication.sh, inside
``odoo-bin shell``: prints ``TOKEN <token>`` (committed: the server needs it)."""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import secrets

Channel = env["crm.inbound.channel"]
channel = Channel.search([("name", "=", "bench")], limit=1) or Channel.create(
    {"name": "bench", "source_id": env.ref("crm_vtiger_like.utm_source_venyoo").id}
)
token = secrets.token_urlsafe(32)
channel.sudo().write({"token_hash": Channel._vtiger_hash(token), "token_hint": token[-4:]})
env.cr.commit()
print(f"TOKEN {token}")

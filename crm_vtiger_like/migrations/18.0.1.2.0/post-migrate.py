from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    """1.2.0 keeps vtiger's "Member Of" in its own field: the company-to-company
    ``parent_id`` links the field used to make move to ``member_of_id``, and the
    member accounts become their own commercial entities again. What Odoo's
    parent sync overwrote back then (their address, INN) is not known any more
    and is left as it is."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    moved = [
        row[0]
        for row in env.execute_query(
            SQL(
                "UPDATE res_partner member SET member_of_id = member.parent_id, parent_id = NULL"
                " FROM res_partner grp WHERE grp.id = member.parent_id AND member.is_company AND grp.is_company"
                " RETURNING member.id"
            )
        )
    ]
    if moved:
        members = env["res.partner"].with_context(active_test=False).browse(moved)
        partners = members | members.search([("id", "child_of", moved)])
        for fname in ("commercial_partner_id", "complete_name"):
            env.add_to_compute(members._fields[fname], partners)
        partners.flush_recordset()

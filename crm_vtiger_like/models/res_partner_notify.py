from markupsafe import Markup, escape

from odoo import models

from ..tools import display_value

# fields whose change is not news to the salesperson
NOT_NOTIFIED = {"notify_owner", "write_date", "write_uid", "create_date", "create_uid"}


class ResPartner(models.Model):
    """vtiger's "Notify owner": the salesperson hears of every change others make."""

    _inherit = "res.partner"

    def write(self, vals):
        if self.env.context.get("crm_vtiger_notifying"):
            return super().write(vals)
        fnames = [
            fname
            for fname in vals
            if fname in self._fields
            and fname not in NOT_NOTIFIED
            and self._fields[fname].store
            and not fname.startswith(("message_", "activity_", "__"))
        ]
        watched = fnames and self.filtered(lambda p: p.notify_owner and p.user_id and p.user_id != self.env.user)
        if not watched:
            return super().write(vals)
        # values and labels as the owner reads them, in the owner's language
        before = {partner.id: partner._vtiger_owner_view()._vtiger_display_values(fnames) for partner in watched}
        # nested writes of this save (address / commercial sync) are part of it
        result = super(ResPartner, self.with_context(crm_vtiger_notifying=True)).write(vals)
        for partner in watched:
            owner_view = partner._vtiger_owner_view()
            after = owner_view._vtiger_display_values(fnames)
            changes = [
                (self._fields[fname]._description_string(owner_view.env), before[partner.id][fname], after[fname])
                for fname in fnames
                if before[partner.id][fname] != after[fname]
            ]
            if changes:
                owner_view._vtiger_notify_owner(changes)
        return result

    def _vtiger_owner_view(self):
        """This record in its salesperson's language."""
        self.ensure_one()
        return self.with_context(lang=self.user_id.lang or self.env.lang)

    def _vtiger_display_values(self, fnames):
        """Human-readable values of ``fnames`` on this record."""
        self.ensure_one()
        return {fname: display_value(self, fname) for fname in fnames}

    def _vtiger_notify_owner(self, changes):
        """One inbox notification (or e-mail, per the owner's preference)
        listing every field changed by this save, in the language of
        ``self.env``; an empty value reads "—"."""
        self.ensure_one()
        rows = Markup("").join(
            Markup("<li><b>%s</b>: %s → %s</li>") % (label, old or "—", new or "—") for label, old, new in changes
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            escape(
                self.env._(
                    "%(user)s changed %(record)s:",
                    user=self.env.user.name,
                    record=self.display_name,
                )
            ),
            rows,
        )
        self.message_notify(
            partner_ids=self.user_id.partner_id.ids,
            subject=self.env._("%(record)s was changed", record=self.display_name),
            body=body,
            record_name=self.display_name,
        )

import psycopg2
from markupsafe import Markup

from odoo import Command, api, models
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tools import mute_logger, split_every

MASS_MODELS = ("crm.lead", "res.partner")
# records written, deleted, commented or logged per ORM call
MASS_BATCH_SIZE = 1000
# Odoo's default of the web client's "Select all" ids (web.active_ids_limit)
DEFAULT_ACTIVE_IDS_LIMIT = 20000


class CrmVtigerMass(models.AbstractModel):
    """vtiger's list actions on selected leads, accounts and contacts (SPEC
    3.8): edit, delete, comment and log a communication, in batches, as
    the current user (access rights and record rules apply)."""

    _name = "crm.vtiger.mass"
    _description = "Mass actions on leads, accounts and contacts"

    @api.model
    def selection_domain(self):
        """The list's domain when it stands for the selection, else None.

        The list's Actions menu always passes the list's domain
        (``active_domain``) with the selected ids: the domain is the
        selection only when "Select all" gave more records than the web
        client passes as ids (``web.active_ids_limit``)."""
        context = self.env.context
        ids, domain = context.get("active_ids") or [], context.get("active_domain")
        limit = int(self.env["ir.config_parameter"].sudo().get_param("web.active_ids_limit", DEFAULT_ACTIVE_IDS_LIMIT))
        return domain if domain is not None and (not ids or len(ids) >= limit) else None

    @api.model
    def _batches(self, records):
        for ids in split_every(MASS_BATCH_SIZE, records.ids):
            yield records.browse(ids)

    @api.model
    def check_access_all(self, records, operation="write"):
        """Refuse the whole action when the user may not ``operation`` some
        of ``records``: nothing is done, the message says how many."""
        if records._name not in MASS_MODELS:
            raise UserError(self.env._("This action works on leads, accounts and contacts only."))
        if not records:
            raise UserError(self.env._("Select at least one record."))
        if not records.browse().has_access(operation):
            raise UserError(
                self.env._(
                    "Your access rights do not allow this action on %(model)s: nothing was done.",
                    model=records._description,
                )
            )
        forbidden = len(records) - len(records._filtered_access(operation))
        if forbidden:
            raise UserError(
                self.env._(
                    "%(count)s of the %(total)s selected records are not yours to change (they belong to other "
                    "users or companies): nothing was done.",
                    count=forbidden,
                    total=len(records),
                )
            )

    @api.model
    def mass_write(self, records, values):
        """Write ``values`` on ``records``, one ``write`` per batch, all or
        nothing. A new salesperson is told once, not once per record (as
        Odoo's "you have been assigned" e-mail would). Returns the number
        of records written."""
        self.check_access_all(records)
        quiet = records.with_context(mail_auto_subscribe_no_notify=True)
        try:
            with self.env.cr.savepoint():
                for batch in self._batches(quiet):
                    batch.write(values)
                salesperson = self.env["res.users"].browse(values.get("user_id"))
                if salesperson and salesperson != self.env.user:
                    self._notify_once(
                        salesperson.partner_id,
                        self.env._("%(count)s records assigned to you", count=len(records)),
                        Markup("<p>%s</p>")
                        % self.env._(
                            "%(author)s assigned %(count)s records (%(model)s) to you.",
                            author=self.env.user.name,
                            count=len(records),
                            model=records._description,
                        ),
                    )
        except AccessError as error:
            raise UserError(
                self.env._("You may not make this change on these records, nothing was written: %(error)s", error=error)
            ) from error
        return len(records)

    @api.model
    def unlink_or_archive(self, records):
        """Delete ``records``; those that cannot be (referenced elsewhere,
        or refused by a module's own rule) are archived instead, each in its
        own savepoint. Returns the numbers of records deleted, archived and
        kept (neither deleted nor archivable), and why the first one was kept."""
        self.check_access_all(records, "unlink")
        deleted = archived = kept = 0
        reason = ""
        # each record in its own savepoint, all of them in one: an unexpected failure undoes all
        with self.env.cr.savepoint():
            for batch in self._batches(records):
                # the whole batch at once when nothing in it is used elsewhere
                if self._try(batch.unlink) is None:
                    deleted += len(batch)
                    continue
                for record in batch.exists():
                    if (error := self._try(record.unlink)) is None:
                        deleted += 1
                        continue
                    archive_error = self._try(record.action_archive) if "active" in record._fields else error
                    if archive_error is None:
                        archived += 1
                        continue
                    kept += 1
                    if not reason:
                        refusal = next(
                            (e for e in (archive_error, error) if isinstance(e, UserError | RedirectWarning)), None
                        )
                        reason = refusal.args[0] if refusal else self.env._("used elsewhere, it cannot be archived")
        return deleted, archived, kept, reason

    @api.model
    def _try(self, function):
        """Run ``function`` in a savepoint: None when it succeeded, else the
        error it was refused with (a UserError, or the database's)."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                function()
                self.env.flush_all()
        except (UserError, RedirectWarning, psycopg2.IntegrityError) as error:
            self.env.invalidate_all()
            return error
        return None

    @api.model
    def post_note(self, records, body, partners=None, attachments=None):
        """Post one internal note with ``body`` on each of ``records``, each
        with its own copy of ``attachments``; ``partners`` are the note's
        recipients, told once about the whole mass comment (not once per
        record). Returns the notes."""
        self.check_access_all(records)
        partners = partners or self.env["res.partner"]
        attachments = attachments or self.env["ir.attachment"]
        contents = [(attachment.name, attachment.raw, attachment.mimetype) for attachment in attachments]
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        author = self.env.user.partner_id
        messages = self.env["mail.message"]
        for batch in self._batches(records):
            copies = self.env["ir.attachment"].create(
                [
                    {"name": name, "raw": raw, "mimetype": mimetype, "res_model": batch._name, "res_id": record_id}
                    for record_id in batch.ids
                    for name, raw, mimetype in contents
                ]
            )
            per_record = len(contents)
            reply_to = batch._notify_get_reply_to(default=author.email_formatted)
            messages += self.env["mail.message"].create(
                [
                    {
                        "model": batch._name,
                        "res_id": record_id,
                        "body": body,
                        "message_type": "comment",
                        "subtype_id": subtype_id,
                        "is_internal": True,
                        "author_id": author.id,
                        "email_from": author.email_formatted,
                        "reply_to": reply_to[record_id],
                        "record_name": False,
                        "partner_ids": [Command.set(partners.ids)],
                        "attachment_ids": [Command.set(copies[index * per_record : (index + 1) * per_record].ids)],
                    }
                    for index, record_id in enumerate(batch.ids)
                ]
            )
        if partners:
            self._notify_once(
                partners,
                self.env._("Comment added to %(count)s records", count=len(records)),
                Markup("<p>%s</p>%s")
                % (
                    self.env._(
                        "%(author)s added this comment to %(count)s records:",
                        author=author.name,
                        count=len(records),
                    ),
                    body,
                ),
            )
        return messages

    @api.model
    def _notify_once(self, partners, subject, body):
        """One notification to ``partners`` about a whole mass action (inbox
        or e-mail as they prefer; e-mails go through the mail queue)."""
        self.env["mail.thread"].message_notify(
            partner_ids=partners.ids,
            subject=subject,
            body=body,
            subtype_xmlid="mail.mt_note",
            mail_auto_delete=True,
            force_send=False,
        )

    @api.model
    def log_communications(self, records, values):
        """Log one communication with ``values`` per record, attached to it
        as its card would (``_vtiger_communication_defaults``): one
        ``create`` per batch, all or nothing. Returns the communications."""
        self.check_access_all(records, "read")
        Communication = self.env["crm.communication"]
        communications = Communication
        try:
            with self.env.cr.savepoint():
                for batch in self._batches(records):
                    communications += Communication.create(
                        [{**record._vtiger_communication_defaults(), **values} for record in batch]
                    )
                self.env.flush_all()
        except ValidationError as error:
            self.env.invalidate_all()
            raise ValidationError(self.env._("No communication was logged: %(error)s", error=error.args[0])) from error
        return communications

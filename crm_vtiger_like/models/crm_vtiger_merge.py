from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

MERGEABLE_MODELS = ("res.partner", "crm.lead")
# reference holders left alone: external ids stay with the records they name
NOT_REPOINTED = {"ir.model.data"}


class CrmVtigerMerge(models.AbstractModel):
    """Merge duplicate accounts, contacts or leads into one master, vtiger
    style: the chosen values are written on the master, every reference to
    the other records is re-pointed to it, and the others are archived with
    a note pointing to the master (nothing is deleted)."""

    _name = "crm.vtiger.merge"
    _description = "Merge records"

    @api.model
    def merge(self, records, master, values=None):
        """Merge ``records`` into ``master`` (one of them), writing ``values``
        (field name -> value) on it. All or nothing. Returns ``master``."""
        self._check_merge(records, master)
        others = records - master
        with self.env.cr.savepoint():
            if values:
                master.write(values)
            self._repoint_references(others, master)
            self._archive_merged(others, master)
        return master

    @api.model
    def _check_merge(self, records, master):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers can merge records."))
        if records._name not in MERGEABLE_MODELS:
            raise UserError(self.env._("Only accounts, contacts and leads can be merged."))
        if len(records) < 2:
            raise UserError(self.env._("Select at least two records to merge."))
        if master not in records or len(master) != 1:
            raise UserError(self.env._("The record to keep must be one of the records merged."))
        records.check_access("write")
        if records._name == "res.partner":
            for partner in records:
                ancestors = partner.search([("id", "parent_of", partner.id), ("id", "!=", partner.id)])
                if ancestors & records:
                    raise UserError(
                        self.env._(
                            "%(partner)s belongs to %(parent)s: an account cannot be merged with its own contacts.",
                            partner=partner.display_name,
                            parent=(ancestors & records)[:1].display_name,
                        )
                    )
            if len(records.sudo().user_ids) > 1:
                raise UserError(self.env._("These records are linked to several users: merge their users first."))

    @api.model
    def _repoint_references(self, others, master):
        """Point every stored reference to ``others`` at ``master``: many2one
        columns, many2many relations, (model, id) pairs and reference fields
        of every model, in SQL (as Odoo's own partner merge does)."""
        self.env.flush_all()
        model_name, other_ids = master._name, others.ids
        for Model in self.env.registry.values():
            if Model._abstract or not Model._auto or Model._name in NOT_REPOINTED:
                continue
            table = SQL.identifier(Model._table)
            for field in Model._fields.values():
                if not field.store or field.company_dependent or (not field.column_type and field.type != "many2many"):
                    continue
                if field.type == "many2one" and field.comodel_name == model_name:
                    self.env.execute_query(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE %s = ANY(%s)",
                            table,
                            SQL.identifier(field.name),
                            master.id,
                            SQL.identifier(field.name),
                            other_ids,
                        )
                    )
                elif field.type == "many2many" and field.comodel_name == model_name and field.relation:
                    # links to the others move to the master
                    self._repoint_relation(field.relation, field.column1, field.column2, other_ids, master.id)
                    self.env.execute_query(
                        SQL(
                            "DELETE FROM %s WHERE %s = ANY(%s)",
                            SQL.identifier(field.relation),
                            SQL.identifier(field.column2),
                            other_ids,
                        )
                    )
                elif field.type == "many2many" and Model._name == model_name and field.relation:
                    # the others' own links (tags...) are added to the master's
                    self._repoint_relation(field.relation, field.column2, field.column1, other_ids, master.id)
                elif field.type == "many2one_reference":
                    self._repoint_pairs(Model, field, other_ids, master)
                elif field.type == "reference":
                    self.env.execute_query(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE %s = ANY(%s)",
                            table,
                            SQL.identifier(field.name),
                            f"{model_name},{master.id}",
                            SQL.identifier(field.name),
                            [f"{model_name},{rid}" for rid in other_ids],
                        )
                    )
        self.env.invalidate_all()
        if model_name == "res.partner":
            # re-parented contacts follow their new account
            children = master.with_context(active_test=False).child_ids
            for fname in ("commercial_partner_id", "complete_name"):
                self.env.add_to_compute(master._fields[fname], children)
            children.flush_recordset()

    @api.model
    def _repoint_relation(self, relation, keep_column, target_column, other_ids, master_id):
        """Many2many rows pointing at the others also point at the master
        (rows the master already has are not doubled)."""
        relation, keep, target = SQL.identifier(relation), SQL.identifier(keep_column), SQL.identifier(target_column)
        self.env.execute_query(
            SQL(
                "INSERT INTO %(rel)s (%(keep)s, %(target)s) SELECT DISTINCT %(keep)s, %(master)s FROM %(rel)s"
                " WHERE %(target)s = ANY(%(others)s) ON CONFLICT DO NOTHING",
                rel=relation,
                keep=keep,
                target=target,
                master=master_id,
                others=other_ids,
            )
        )

    @api.model
    def _repoint_pairs(self, Model, field, other_ids, master):
        """(model, id) pairs: messages, attachments, activities, followers,
        the phone index..."""
        table = SQL.identifier(Model._table)
        where = SQL(
            "%s = %s AND %s = ANY(%s)",
            SQL.identifier(field.model_field),
            master._name,
            SQL.identifier(field.name),
            other_ids,
        )
        if Model._name == "ir.attachment":
            where = SQL("%s AND res_field IS NULL", where)  # binary field values stay with their record
        if Model._name == "mail.followers":
            # a partner following both keeps one subscription (the master's)
            where = SQL(
                "%s AND NOT EXISTS (SELECT 1 FROM mail_followers f WHERE f.res_model = %s AND f.res_id = %s"
                " AND f.partner_id = mail_followers.partner_id)",
                where,
                master._name,
                master.id,
            )
        extra = SQL(", origin = 'merged'") if Model._name == "crm.vtiger.phone" else SQL()
        self.env.execute_query(
            SQL("UPDATE %s SET %s = %s%s WHERE %s", table, SQL.identifier(field.name), master.id, extra, where)
        )

    @api.model
    def _archive_merged(self, others, master):
        """Archive the merged records with a note to the master, and note on
        the master what was merged into it."""
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
            master._name,
            master.id,
            master.display_name,
        )
        for other in others.with_context(mail_create_nosubscribe=True):
            other.message_post(
                body=Markup("<p>%s %s</p>") % (self.env._("Merged into"), link),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        others.write({"active": False})
        master.with_context(mail_create_nosubscribe=True).message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("Merged with:"),
                Markup("").join(Markup("<li>%s</li>") % name for name in others.mapped("display_name")),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _mergeable_fields(self, records):
        """Fields whose value the user picks when merging ``records``:
        stored, editable, simple values (x2many links are united)."""
        skipped = {
            "active",
            "type",
            "is_company",
            "company_type",
            "company_id",
            "display_name",
            "lead_no",
            "deal_no",
            "account_no",
            "contact_no",
            "converted_from_lead",
            "source_lead_id",
            "commercial_partner_id",
            "contact_name",
            "lang",
            "tz",
            "color",
            "message_bounce",
            "email_normalized",
            "phone_sanitized",
            "date_conversion",
            "date_open",
            "date_closed",
            "date_last_stage_update",
            "probability",
            "automated_probability",
            "partner_share",
        }
        if records._name == "res.partner":
            # a company is named as a whole, a person by name parts
            skipped |= {"first_name", "middle_name", "last_name"} if any(records.mapped("is_company")) else {"name"}
        simple = {
            "char",
            "text",
            "html",
            "integer",
            "float",
            "monetary",
            "boolean",
            "selection",
            "date",
            "datetime",
            "many2one",
        }
        return [
            fname
            for fname, field in records._fields.items()
            if field.type in simple
            and field.store
            and not field.readonly
            and not field.related
            and not field.company_dependent
            and field.is_accessible(self.env)
            and not fname.startswith(("message_", "activity_"))
            and fname not in skipped
            and fname not in models.MAGIC_COLUMNS
        ]

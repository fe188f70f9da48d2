import re

from odoo.tools import SQL

from .common import VtigerCase
from .vtiger_export import vtiger_csv

# one typical row of each vtiger module, keyed by vtiger field names
LEAD_ROW = {
    "lead_no": "LEA9012",
    "firstname": "Пётр",
    "lastname": "Иванов",
    "company": "ООО «Импорт»",
    "phone": "+7 495 123-45-67",
    "mobile": "+7 916 482-19-73",
    "email": "ivanov@import.ru",
    "leadsource": "Cold Call",
    "leadstatus": "Attempted to Contact",
    "rating": "Active",
    "assigned_user_id": "Ирина Продажина",
}
ACCOUNT_ROW = {
    "account_no": "ACC9007",
    "accountname": "ООО «Ромашка»",
    "phone": "+7 495 100-20-30",
    "otherphone": "+7 495 100-20-31",
    "email1": "info@romashka.ru",
    "email2": "sales@romashka.ru",
    "tickersymbol": "Ромашка",
    "siccode": "46.73",
    "accounttype": "Customer",
    "assigned_user_id": "vt_manager",
}
CONTACT_ROW = {
    "contact_no": "CON9003",
    "firstname": "Иван",
    "lastname": "Петров",
    "account_id": "Accounts::::ООО «Ромашка»",
    "title": "Директор",
    "mobile": "+7 916 555-01-23",
    "email": "petrov@romashka.ru",
    "birthday": "25-12-1985",
    "donotcall": "1",
    "emailoptout": "0",
}
DEAL_ROW = {
    "potential_no": "POT9005",
    "potentialname": "Поставка кирпича",
    "amount": "1,234,567.00",
    "related_to": "Accounts::::ООО «Ромашка»",
    "closingdate": "31-03-2026",
    "sales_stage": "Closed Won",
    "opportunity_type": "New Business",
    "assigned_user_id": "Ирина Продажина",
}
ROWS = {"leads": LEAD_ROW, "accounts": ACCOUNT_ROW, "contacts": CONTACT_ROW, "deals": DEAL_ROW}


def number(value):
    """The numeric part of a vtiger number: 9007 for ``ACC9007``."""
    return int(re.sub(r"\D", "", value))


class VtigerMigrationCase(VtigerCase):
    """vtiger export files written from the label table, imported by the
    sales manager through ``crm.vtiger.import.import_files``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Migration = cls.env["crm.vtiger.import"]
        cls.Lead = cls.env["crm.lead"].with_context(active_test=False)
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)

    def vtiger_file(self, filename, module, *rows, lang="en", names=None):
        """(filename, bytes) of a vtiger export of ``module`` with ``rows``
        (the module's typical row when none is given)."""
        return filename, vtiger_csv(self.env, module, list(rows) or [ROWS[module]], lang=lang, names=names)

    def import_files(self, *files, user=None, **options):
        return self.Migration.with_user(user or self.sales_manager).import_files(list(files), **options)

    def analyse_files(self, *files, user=None):
        return self.Migration.with_user(user or self.sales_manager).analyse_files(list(files))

    def problem_lines(self, result):
        """The (file, line) of every problem of an import result."""
        return [(filename, line) for filename, line, _message in result["problems"]]

    def problem_message(self, result, filename, line):
        return next(message for name, row, message in result["problems"] if (name, row) == (filename, line))

    def counts(self, result, kind):
        return result["kinds"][kind]

    def account(self, name):
        return self.Partner.search([("is_company", "=", True), ("name", "=", name)])

    def contact(self, name):
        return self.Partner.search([("is_company", "=", False), ("type", "=", "contact"), ("name", "=", name)])

    def sequence_next(self):
        """{code: next number} of the company's vtiger numbering sequences."""
        self.env.invalidate_all()
        sequences = self.env["ir.sequence"].search(
            [("code", "=like", "crm_vtiger_like.%"), ("company_id", "=", self.env.company.id)]
        )
        return {sequence.code: sequence.number_next_actual for sequence in sequences}

    def duplicated_numbers(self, model, fname):
        """Numbers of ``fname`` more than one record of the same company holds."""
        self.env.flush_all()
        table = self.env[model]._table
        return self.env.execute_query(
            SQL(
                "SELECT %(col)s FROM %(table)s WHERE %(col)s IS NOT NULL"
                " GROUP BY %(col)s, COALESCE(company_id, 0) HAVING count(*) > 1",
                col=SQL.identifier(fname),
                table=SQL.identifier(table),
            )
        )

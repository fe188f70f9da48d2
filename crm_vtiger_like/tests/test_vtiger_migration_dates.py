from contextlib import closing
from datetime import date

from odoo.tests import tagged

from .vtiger_migration_common import DEAL_ROW, VtigerMigrationCase


def contacts(*birthdays):
    """Contact rows born on ``birthdays``, one last name each."""
    names = ["Орлова", "Львов", "Волков", "Зайцев"]
    return [
        {"contact_no": f"CON{9100 + position}", "lastname": names[position], "birthday": birthday}
        for position, birthday in enumerate(birthdays)
    ]


@tagged("post_install", "-at_install")
class TestVtigerMigrationDates(VtigerMigrationCase):
    """Dates as the exporting user's vtiger writes them: the format guessed
    per file, or given when the file does not tell."""

    def birthdays(self):
        return [self.contact(name).birthday for name in ("Орлова", "Львов")]

    def test_every_date_format_guessed_and_parsed(self):
        files = [
            self.vtiger_file("dmy.csv", "contacts", *contacts("05-04-1985", "25-12-1990")),
            self.vtiger_file("mdy.csv", "contacts", *contacts("05-04-1985", "12-25-1990")),
            self.vtiger_file("ymd.csv", "contacts", *contacts("1985-04-05", "1990-12-25")),
        ]
        analysis = self.analyse_files(*files)
        self.assertEqual(
            [(info["filename"], info["date_format"], info["date_ambiguous"]) for info in analysis],
            [
                ("dmy.csv", "dd-mm-yyyy", False),
                ("mdy.csv", "mm-dd-yyyy", False),
                ("ymd.csv", "yyyy-mm-dd", False),
            ],
        )
        expected = {
            "dmy.csv": [date(1985, 4, 5), date(1990, 12, 25)],
            "mdy.csv": [date(1985, 5, 4), date(1990, 12, 25)],
            "ymd.csv": [date(1985, 4, 5), date(1990, 12, 25)],
        }
        for file in files:
            # each file in turn, rolled back after its check
            with self.subTest(file=file[0]), closing(self.env.cr.savepoint()):
                result = self.import_files(file)
                self.assertEqual(result["problems"], [])
                self.assertEqual(self.birthdays(), expected[file[0]])

    def test_deal_closing_date_read_in_the_file_format(self):
        deals = [
            {**DEAL_ROW, "related_to": "", "closingdate": "03-31-2026"},
            {**DEAL_ROW, "related_to": "", "potential_no": "POT9006", "potentialname": "Поставка цемента"},
        ]
        deals[1]["closingdate"] = "04-01-2026"
        file = self.vtiger_file("deals.csv", "deals", *deals)
        [analysis] = self.analyse_files(file)
        self.assertEqual((analysis["date_format"], analysis["date_ambiguous"]), ("mm-dd-yyyy", False))
        self.import_files(file)
        self.assertEqual(
            self.Lead.search([("deal_no", "in", ["POT9005", "POT9006"])], order="deal_no").mapped("date_deadline"),
            [date(2026, 3, 31), date(2026, 4, 1)],
        )

    def test_ambiguous_file_read_in_the_given_format(self):
        file = self.vtiger_file("contacts.csv", "contacts", *contacts("05-04-1985", "03-02-1990"))
        [analysis] = self.analyse_files(file)
        self.assertTrue(analysis["date_ambiguous"])
        result = self.import_files(file, date_format="mm-dd-yyyy")
        self.assertEqual(result["problems"], [])
        self.assertEqual(self.birthdays(), [date(1985, 5, 4), date(1990, 3, 2)])

    def test_ambiguous_file_read_day_first_when_given(self):
        file = self.vtiger_file("contacts.csv", "contacts", *contacts("05-04-1985", "03-02-1990"))
        self.import_files(file, date_format="dd-mm-yyyy")
        self.assertEqual(self.birthdays(), [date(1985, 4, 5), date(1990, 2, 3)])

    def test_unparsable_date_kept_in_the_description(self):
        file = self.vtiger_file("contacts.csv", "contacts", *contacts("25-12-1985", "скоро", "31-02-1990"))
        result = self.import_files(file)
        self.assertEqual(self.problem_lines(result), [("contacts.csv", 3), ("contacts.csv", 4)])
        self.assertIn("скоро", self.problem_message(result, "contacts.csv", 3))
        self.assertIn("31-02-1990", self.problem_message(result, "contacts.csv", 4))
        self.assertEqual(self.counts(result, "contacts"), {"created": 3, "updated": 0, "skipped": 0})
        self.assertEqual(self.contact("Орлова").birthday, date(1985, 12, 25))
        self.assertRecordValues(self.contact("Львов") | self.contact("Волков"), [{"birthday": False}] * 2)
        self.assertIn("Birthdate: скоро", self.contact("Львов").comment)
        self.assertIn("Birthdate: 31-02-1990", self.contact("Волков").comment)

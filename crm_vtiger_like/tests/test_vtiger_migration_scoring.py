from unittest.mock import patch

from odoo.tests import tagged

from .vtiger_migration_common import DEAL_ROW, VtigerMigrationCase


@tagged("post_install", "-at_install")
class TestVtigerMigrationScoring(VtigerMigrationCase):
    """Won deals of a vtiger import count in crm's predictive lead scoring
    frequencies as when created one by one, counted once per batch."""

    def frequencies(self):
        """{(team, variable, value): (won, lost)}"""
        self.env.flush_all()
        return {
            (frequency.team_id.id, frequency.variable, frequency.value): (frequency.won_count, frequency.lost_count)
            for frequency in self.env["crm.lead.scoring.frequency"].search([])
        }

    def test_won_deals_counted_once_per_batch(self):
        before = self.frequencies()
        stage = self.env["crm.stage"].search([("is_won", "=", False), ("fold", "=", False)], order="sequence", limit=1)
        rows = [
            {**DEAL_ROW, "potential_no": "POT9101", "potentialname": "Поставка 1"},
            {**DEAL_ROW, "potential_no": "POT9102", "potentialname": "Поставка 2"},
            {**DEAL_ROW, "potential_no": "POT9103", "potentialname": "Поставка 3", "sales_stage": "Closed Lost"},
            {**DEAL_ROW, "potential_no": "POT9104", "potentialname": "Поставка 4", "sales_stage": "Prospecting"},
        ]
        Lead = self.registry["crm.lead"]
        counted = []

        def increment(leads, from_state=None, to_state=None):
            if leads:
                counted.append((len(leads), from_state, to_state))
            return original(leads, from_state=from_state, to_state=to_state)

        original = Lead._pls_increment_frequencies
        with patch.object(Lead, "_pls_increment_frequencies", increment):
            result = self.import_files(
                self.vtiger_file("accounts.csv", "accounts"), self.vtiger_file("deals.csv", "deals", *rows)
            )
        self.assertEqual(result["problems"], [])
        # crm counts no deal created archived (lost) as lost: only the won ones, one count for both
        self.assertEqual(counted, [(2, None, "won")])
        won = self.Lead.search([("deal_no", "=", "POT9101")])
        added = {
            key: tuple(round(count - was, 2) for count, was in zip(counts, before.get(key, (0.1, 0.1)), strict=True))
            for key, counts in self.frequencies().items()
        }
        team = won.team_id.id
        self.assertEqual(added[team, "stage_id", str(won.stage_id.id)], (2.0, 0.0))
        self.assertEqual(added[team, "stage_id", str(stage.id)], (2.0, 0.0), "the stages before the won one")
        self.assertEqual([key for key, (_won, lost) in added.items() if lost], [], "nothing counted as lost")

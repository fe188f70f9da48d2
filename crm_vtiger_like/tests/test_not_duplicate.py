from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VtigerCase


@tagged("post_install", "-at_install")
class TestNotDuplicate(VtigerCase):
    """A pair marked "not a duplicate" is never proposed again, to anyone;
    managers review and undo the list, reps may only add to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"].with_context(tracking_disable=True)
        cls.Merge = cls.env["crm.vtiger.merge"]
        cls.NotDuplicate = cls.env["crm.vtiger.not.duplicate"]
        cls.first = Partner.create({"name": "Сергей Лосев", "mobile": "+7 903 404-50-60"})
        cls.second = Partner.create({"name": "Лосев Сергей", "phone": "8 903 404 50 60"})
        cls.third = Partner.create({"name": "Мария Лосева", "phone": "+7 903 404-50-60"})

    def candidates(self, record, user):
        return [row[0] for row in self.Merge.with_user(user).find_candidates(record.with_user(user))]

    def test_mark_excludes_for_everyone(self):
        self.assertEqual(self.candidates(self.first, self.sales_manager), [self.second, self.third])
        pairs = self.NotDuplicate.with_user(self.sales_user)._vtiger_mark(self.first | self.second)
        self.assertRecordValues(
            pairs,
            [{"res_model": "res.partner", "res_id_a": self.first.id, "res_id_b": self.second.id}],
        )
        self.assertEqual(pairs.create_uid, self.sales_user)
        self.assertEqual((pairs.record_a_name, pairs.record_b_name), ("Сергей Лосев", "Лосев Сергей"))
        # for the rep who marked it, for a manager, both ways
        self.assertEqual(self.candidates(self.first, self.sales_user), [self.third])
        self.assertEqual(self.candidates(self.first, self.sales_manager), [self.third])
        self.assertEqual(self.candidates(self.second, self.sales_manager), [self.third])
        self.assertEqual(self.Merge.score_pair(self.second, self.first), (0, ["marked as not a duplicate"]))
        # marking again adds nothing
        self.assertFalse(self.NotDuplicate._vtiger_mark(self.second | self.first))
        self.assertEqual(self.NotDuplicate.search_count([("res_model", "=", "res.partner")]), 1)

    def test_undo_by_manager_only(self):
        pair = self.NotDuplicate.with_user(self.sales_user)._vtiger_mark(self.first | self.second)
        with self.assertRaises(AccessError):
            pair.with_user(self.sales_user).unlink()
        with self.assertRaises(AccessError):
            pair.with_user(self.sales_user).write({"res_id_b": self.third.id})
        with self.assertRaises(AccessError):
            self.NotDuplicate.with_user(self.portal_user).search([])
        self.assertTrue(pair.exists())
        pair.with_user(self.sales_manager).unlink()
        self.assertEqual(self.candidates(self.first, self.sales_user), [self.second, self.third])

    def test_mark_from_lists_and_warning(self):
        """The lists' action marks every pair of the selection; the
        warning's button marks the record with each of its candidates."""
        (self.first | self.second | self.third).with_user(self.sales_user).action_vtiger_mark_not_duplicates()
        self.assertEqual(self.NotDuplicate.search_count([("res_model", "=", "res.partner")]), 3)
        self.assertEqual(self.candidates(self.first, self.sales_user), [])
        self.NotDuplicate.search([]).unlink()
        self.third.with_user(self.sales_user).action_vtiger_not_duplicate()
        self.assertEqual(
            sorted(self.NotDuplicate.search([]).mapped(lambda pair: (pair.res_id_a, pair.res_id_b))),
            [(self.first.id, self.third.id), (self.second.id, self.third.id)],
        )
        self.assertEqual(self.candidates(self.first, self.sales_user), [self.second])
        with self.assertRaises(UserError):
            self.NotDuplicate._vtiger_mark(self.first)
        with self.assertRaises(UserError):
            self.NotDuplicate._vtiger_mark(self.env.user | self.sales_user)

    def finder(self, **values):
        finder = (
            self.env["crm.vtiger.duplicate.finder"]
            .with_user(self.sales_manager)
            .create({"res_model": "res.partner", "by_phone": True, **values})
        )
        finder.action_find()
        return finder

    def group_of(self, finder, records):
        return finder.group_ids.filtered(lambda group: set(records.ids) <= set(group.res_ids))

    def test_finder_drops_marked_groups_and_sorts_by_score(self):
        finder = self.finder()
        group = self.group_of(finder, self.first | self.second | self.third)
        self.assertEqual(group.record_count, 3)
        self.assertFalse(group.score)
        # a group partly marked stays; fully marked, it is gone
        self.NotDuplicate._vtiger_mark(self.first | self.second)
        self.assertTrue(self.group_of(self.finder(), self.first | self.second | self.third))
        group = self.group_of(self.finder(), self.first | self.second | self.third)
        group.action_not_duplicate()
        self.assertEqual(self.NotDuplicate.search_count([("res_model", "=", "res.partner")]), 3)
        finder = self.finder()
        self.assertFalse(self.group_of(finder, self.first | self.second))

    def test_finder_sort_by_score(self):
        Partner = self.env["res.partner"]
        weak = Partner.create({"name": "Анна Котова", "phone": "+7 903 808-00-01"})
        weak_other = Partner.create({"name": "Олег Котов", "phone": "+7 903 808-00-01"})
        finder = self.finder(sort_by_score=True)
        strong = self.group_of(finder, self.first | self.second | self.third)
        low = self.group_of(finder, weak | weak_other)
        self.assertEqual((strong.score, low.score), (84, 60))
        self.assertLess(strong.sequence, low.sequence)
        scores = finder.group_ids.mapped("score")
        self.assertEqual(scores, sorted(scores, reverse=True))

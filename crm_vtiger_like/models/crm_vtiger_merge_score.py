import difflib
import functools
import re
from collections import defaultdict
from itertools import combinations

import phonenumbers
from markupsafe import Markup

from odoo import api, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .crm_vtiger_merge import MERGEABLE_MODELS

# settings (ir.config_parameter) of the scored matching, with their defaults
SCORE_PARAMS = {
    "phone": ("crm_vtiger_like.duplicate_weight_phone", 60),
    "phone_tail": ("crm_vtiger_like.duplicate_weight_phone_tail", 30),
    "inn": ("crm_vtiger_like.duplicate_weight_inn", 70),
    "email": ("crm_vtiger_like.duplicate_weight_email", 60),
    "name": ("crm_vtiger_like.duplicate_weight_name", 60),
    "threshold": ("crm_vtiger_like.duplicate_threshold", 50),
}
BLOCK_PARAMS = {
    "crm.lead": "crm_vtiger_like.duplicate_block_leads",
    "res.partner": "crm_vtiger_like.duplicate_block_partners",
}
# a name similarity below this is no evidence at all
NAME_MIN_SIMILARITY = 0.8
# candidates read per signal before scoring (the index look-ups stay cheap)
LOOKUP_LIMIT = 200
# words of a name looked up together (pairs of them)
MAX_NAME_KEYS = 5

# Cyrillic -> Latin, GOST 7.79 / ICAO-like (ё is е, signs are dropped)
TRANSLIT_MULTI = {
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "iu",
    "я": "ia",
    "ъ": "",
    "ь": "",
}
TRANSLIT_SINGLE = ("абвгдеёзийклмнопрстуфыэ", "abvgdeeziiklmnoprstufye")
# legal forms (transliterated) and words that do not tell companies apart
LEGAL_FORM_WORDS = "ooo|oao|zao|pao|nao|ao|ip|chp|tsoo|llc|ltd|inc|gmbh|corp|co|jsc|ojsc|cjsc|pjsc|plc|sa|ag|bv|oy|ab"
# a word's skeleton: Latin spellings of the same Russian word share it
SKELETON_REPLACE = (("kh", "h"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("w", "v"), ("q", "k"))
VOWELS = "aeiouyj"

NAME_KEYS_FUNCTION = "crm_vtiger_name_keys"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def _sql_replace_chain(expression, pairs):
    for old, new in pairs:
        expression = f"replace({expression}, '{old}', '{new}')"
    return expression


def name_keys_function_sql():
    """The SQL of ``crm_vtiger_name_keys(text) -> text[]``: the distinct
    skeletons of a name's words (see ``name_words`` and ``word_skeleton``,
    its Python twin), for the GIN expression indexes of names."""
    # translate(), not lower(): the database's character type may only know ASCII cases
    lowered = f"translate(coalesce($1, ''), '{UPPER}', '{UPPER.lower()}')"
    translit = _sql_replace_chain(lowered, [("ё", "е"), *TRANSLIT_MULTI.items()])
    translit = f"translate({translit}, '{TRANSLIT_SINGLE[0]}', '{TRANSLIT_SINGLE[1]}')"
    skeleton = _sql_replace_chain("word", SKELETON_REPLACE)
    skeleton = (
        f"regexp_replace(regexp_replace(regexp_replace({skeleton}, '^[{VOWELS}]+', 'a'),"
        f" '(.)[{VOWELS}]+', '\\1', 'g'), '(.)\\1+', '\\1', 'g')"
    )
    return (
        f"CREATE OR REPLACE FUNCTION {NAME_KEYS_FUNCTION}(text) RETURNS text[]"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
        f" SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{{}}') FROM ("
        f" SELECT {skeleton} AS key FROM regexp_split_to_table({translit}, '[^a-z0-9]+') AS words(word)"
        f" WHERE word <> '' AND word !~ '^({LEGAL_FORM_WORDS})$') AS keys WHERE key <> '' $$"
    )


def create_name_keys_function(cr):
    cr.execute(name_keys_function_sql())


@functools.lru_cache(maxsize=16384)
def transliterate(text):
    """``text`` in lower-case Latin letters (Cyrillic transliterated, ё = е)."""
    text = (text or "").lower().replace("ё", "е")
    for old, new in TRANSLIT_MULTI.items():
        text = text.replace(old, new)
    return text.translate(str.maketrans(*TRANSLIT_SINGLE))


@functools.lru_cache(maxsize=16384)
def name_words(name):
    """The words of a name that tell it apart, transliterated: no case,
    quotes, punctuation or legal forms (ООО, АО, ИП, LLC...)."""
    legal = re.compile(rf"^({LEGAL_FORM_WORDS})$")
    return tuple(word for word in re.split(r"[^a-z0-9]+", transliterate(name)) if word and not legal.match(word))


@functools.lru_cache(maxsize=16384)
def word_skeleton(word):
    """``word`` without its vowels (a leading vowel is "a"), doubled letters
    and spelling variants: Pyotr, Petr and Пётр are all "ptr"."""
    for old, new in SKELETON_REPLACE:
        word = word.replace(old, new)
    word = re.sub(rf"^[{VOWELS}]+", "a", word)
    word = re.sub(rf"(.)[{VOWELS}]+", r"\1", word)
    return re.sub(r"(.)\1+", r"\1", word)


def word_similarity(word_a, word_b):
    if word_a == word_b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, word_a, word_b).ratio()
    if len(word_skeleton(word_a)) > 1 and word_skeleton(word_a) == word_skeleton(word_b):
        ratio = max(ratio, 0.9)
    return ratio


def name_similarity(name_a, name_b):
    """0..1: how much two names are the same, whatever the script, case,
    punctuation, legal form and word order. Each word of the shorter name
    is paired with the most similar unpaired word of the other; the mean of
    those similarities is kept whole when both names have as many words,
    x 0.9 when the longer one has more words (a patronymic), x 0.7 when the
    shorter one is a single word of several."""
    words_a, words_b = name_words(name_a), name_words(name_b)
    if not words_a or not words_b:
        return 0.0
    if sorted(words_a) == sorted(words_b):
        return 1.0
    short, long = sorted((list(words_a), list(words_b)), key=len)
    total = 0.0
    for word in short:
        best = max(long, key=lambda other, word=word: word_similarity(word, other))
        total += word_similarity(word, best)
        long.remove(best)
    similarity = total / len(short)
    if long:
        similarity *= 0.9 if len(short) > 1 else 0.7
    return similarity


def combine(weights):
    """The score of independent signals of ``weights`` (0..100 each):
    100 x (1 - prod(1 - w / 100)), rounded half up."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1 - min(max(weight, 0), 100) / 100
    return int(100 * (1 - remaining) + 0.5)


def phone_tail(digits):
    digits = re.sub(r"\D", "", digits or "")
    return digits[-10:] if len(digits) >= 10 else None


def format_number(number):
    try:
        return phonenumbers.format_number(phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return number


class CrmVtigerPhone(models.Model):
    _inherit = "crm.vtiger.phone"

    def init(self):
        """The last 10 digits of every number (or unrecognized value): the
        weaker "same number without its country code" look-up."""
        result = super().init()
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_vtiger_phone_tail_idx ON crm_vtiger_phone"
            " (right(regexp_replace(coalesce(number, raw), '[^0-9]', '', 'g'), 10), res_model)"
            " WHERE active"
        )
        return result


class CrmVtigerMerge(models.AbstractModel):
    """Scored duplicate matching.

    Each signal shared by two records of the same model has a weight
    (0..100, a setting): the same phone number in any phone field (E.164,
    one signal per shared number), the same last 10 digits of numbers that
    otherwise differ (weaker), the same INN (half the weight when both have
    a KPP and the KPPs differ: branches), the same normalized e-mail, a
    similar name (weight x similarity, see ``name_similarity``; none below
    0.8). The score is 100 x (1 - prod(1 - w_i / 100)): one signal alone
    scores its weight, each other one adds to it without reaching 100.
    Candidates under the threshold setting are not shown.
    """

    _inherit = "crm.vtiger.merge"

    # -- settings ---------------------------------------------------------------
    @api.model
    def _vtiger_score_settings(self):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        settings = {}
        for key, (param, default) in SCORE_PARAMS.items():
            try:
                settings[key] = int(get_param(param, default))
            except ValueError:
                settings[key] = default
        return settings

    @api.model
    def _vtiger_block_duplicates(self, model_name):
        return bool(self.env["ir.config_parameter"].sudo().get_param(BLOCK_PARAMS[model_name]))

    # -- public API -------------------------------------------------------------
    @api.model
    def find_candidates(self, record, limit=10):
        """Possible duplicates of ``record`` (a lead or a partner, saved or
        new: its current values are read) among the active records of its
        model the user may read: [(candidate, score, [reasons])], best
        first, at most ``limit``, none under the threshold nor marked "not a
        duplicate" with it. Every look-up is an index look-up."""
        record.ensure_one()
        self._check_scored_model(record)
        profile = self._score_profile_new(record) if self._is_new(record) else self._score_profiles(record)[record.id]
        own_id = record._origin.id if self._is_new(record) else record.id
        ids = self._candidate_ids(record._name, profile) - {own_id}
        if not ids:
            return []
        Model = self.env[record._name]
        candidates = Model.with_context(active_test=True).search(
            [("id", "in", list(ids)), *self._candidate_domain(record)]
        )
        if own_id:
            distinct = self.env["crm.vtiger.not.duplicate"]._vtiger_distinct_ids(record._name, own_id)
            candidates = candidates.filtered(lambda candidate: candidate.id not in distinct)
        profiles = self._score_profiles(candidates)
        settings = self._vtiger_score_settings()
        scored = []
        for candidate in candidates:
            score, reasons = self._score_profiles_pair(record, profile, profiles[candidate.id], settings)
            if score and score >= settings["threshold"]:
                scored.append((candidate, score, reasons))
        scored.sort(key=lambda row: (-row[1], row[0].id))
        return scored[:limit]

    @api.model
    def score_pair(self, record_a, record_b):
        """(score, [reasons]) of ``record_b`` as a duplicate of ``record_a``,
        the scoring of ``find_candidates`` (no threshold)."""
        return self.score_pairs([(record_a, record_b)])[0]

    @api.model
    def score_pairs(self, pairs):
        """``score_pair`` of each (record_a, record_b) of ``pairs``, saved
        records of one model, in a few queries whatever their number."""
        if not pairs:
            return []
        model_name = pairs[0][0]._name
        ids = set()
        for record_a, record_b in pairs:
            if record_a._name != model_name or record_b._name != model_name:
                raise UserError(self.env._("Only records of the same model can be compared."))
            ids.update((record_a.id, record_b.id))
        self._check_scored_model(pairs[0][0])
        records = self.env[model_name].browse(list(ids))
        profiles = self._score_profiles(records)
        distinct = self.env["crm.vtiger.not.duplicate"]._vtiger_marked_pairs(model_name, list(ids))
        settings = self._vtiger_score_settings()
        results = []
        for record_a, record_b in pairs:
            if record_a.id == record_b.id:
                results.append((0, []))
            elif tuple(sorted((record_a.id, record_b.id))) in distinct:
                results.append((0, [self.env._("marked as not a duplicate")]))
            else:
                results.append(
                    self._score_profiles_pair(record_a, profiles[record_a.id], profiles[record_b.id], settings)
                )
        return results

    # -- profiles: what a record is compared by ---------------------------------
    @api.model
    def _check_scored_model(self, record):
        if record._name not in MERGEABLE_MODELS:
            raise UserError(self.env._("Duplicates are only looked for among accounts, contacts and leads."))

    @api.model
    def _is_new(self, record):
        return not isinstance(record.id, int)

    @api.model
    def _name_fields(self, model_name):
        """The fields holding a name compared by the scoring."""
        return ("contact_name", "partner_name") if model_name == "crm.lead" else ("name",)

    @api.model
    def _phone_fields(self, Model):
        return [fname for fname in Model._vtiger_phone_fields if fname not in Model._vtiger_phone_fields_foreign]

    @api.model
    def _candidate_domain(self, record):
        """Records that may be duplicates of ``record``: accounts of an
        account, persons (not addresses) of a person."""
        if record._name != "res.partner":
            return []
        return [("is_company", "=", bool(record.is_company)), ("type", "=", "contact")]

    @api.model
    def _score_profile_base(self, record):
        if record._name == "res.partner":
            # a contact of an account carries the account's requisites: they are not its own
            own_requisites = record.is_company or not record.parent_id
            inn, kpp = (record.vat, record.kpp) if own_requisites else (False, False)
            email = record.email
        else:
            inn, kpp, email = record.vat, False, record.email_from
        return {
            "inn": record._vtiger_compact_inn(inn) or None,
            "kpp": (kpp or "").strip().upper() or None,
            "email": tools.email_normalize(email or "") or None,
            "names": {
                fname: record[fname] for fname in self._name_fields(record._name) if (record[fname] or "").strip()
            },
            "phones": {},  # E.164 -> field
            "tails": {},  # last 10 digits -> (field, number as typed)
        }

    @api.model
    def _score_profile_new(self, record):
        """The profile of a record being typed: its values, not the database's."""
        profile = self._score_profile_base(record)
        Phone = self.env["crm.vtiger.phone"]
        regions = tuple(
            dict.fromkeys(
                filter(
                    None,
                    (record.country_id.code, record.company_id.country_id.code, self.env.company.country_id.code, "RU"),
                )
            )
        )
        for fname in self._phone_fields(record):
            raw = (record[fname] or "").strip()
            if not raw:
                continue
            number = Phone._vtiger_normalize(raw, regions)
            if number:
                profile["phones"].setdefault(number, fname)
            if tail := phone_tail(number or raw):
                profile["tails"].setdefault(tail, (fname, number or raw))
        return profile

    @api.model
    def _score_profiles(self, records):
        """{id: profile} of saved ``records``: their values read in one
        query, their numbers from the phone index in another."""
        profiles = {record.id: self._score_profile_base(record) for record in records}
        if not records:
            return profiles
        self.env["crm.vtiger.phone"].flush_model()
        for res_id, fname, number, raw in self.env.execute_query(
            SQL(
                "SELECT res_id, field, number, raw FROM crm_vtiger_phone"
                " WHERE res_model = %s AND res_id = ANY(%s) AND field != ALL(%s) ORDER BY id",
                records._name,
                records.ids,
                list(records._vtiger_phone_fields_foreign),
            )
        ):
            profile = profiles[res_id]
            if number:
                profile["phones"].setdefault(number, fname)
            if tail := phone_tail(number or raw):
                profile["tails"].setdefault(tail, (fname, number or raw))
        return profiles

    # -- candidates ---------------------------------------------------------------
    @api.model
    def _candidate_ids(self, model_name, profile):
        """Ids of the active records of ``model_name`` sharing a signal with
        ``profile``, found on indexes (at most ``LOOKUP_LIMIT`` per signal)."""
        Model = self.env[model_name]
        Model.flush_model()
        self.env["crm.vtiger.phone"].flush_model()
        queries = []
        foreign = list(Model._vtiger_phone_fields_foreign)
        if profile["phones"]:
            queries.append(
                SQL(
                    "SELECT res_id FROM crm_vtiger_phone WHERE number = ANY(%s) AND res_model = %s AND active"
                    " AND field != ALL(%s) LIMIT %s",
                    list(profile["phones"]),
                    model_name,
                    foreign,
                    LOOKUP_LIMIT,
                )
            )
        if profile["tails"]:
            queries.append(
                SQL(
                    "SELECT res_id FROM crm_vtiger_phone"
                    " WHERE right(regexp_replace(coalesce(number, raw), '[^0-9]', '', 'g'), 10) = ANY(%s)"
                    " AND res_model = %s AND active AND field != ALL(%s) LIMIT %s",
                    list(profile["tails"]),
                    model_name,
                    foreign,
                    LOOKUP_LIMIT,
                )
            )
        table = SQL.identifier(Model._table)
        if profile["email"]:
            queries.append(
                SQL(
                    "SELECT id FROM %s WHERE email_normalized = %s AND active LIMIT %s",
                    table,
                    profile["email"],
                    LOOKUP_LIMIT,
                )
            )
        if profile["inn"]:
            queries.append(
                SQL(
                    "SELECT id FROM %s WHERE vat = ANY(%s) AND active LIMIT %s",
                    table,
                    [profile["inn"], f"RU{profile['inn']}"],
                    LOOKUP_LIMIT,
                )
            )
        for fname, name in profile["names"].items():
            if condition := self._name_keys_condition(fname, name):
                queries.append(SQL("SELECT id FROM %s WHERE %s AND active LIMIT %s", table, condition, LOOKUP_LIMIT))
        if not queries:
            return set()
        union = SQL(" UNION ").join(SQL("(%s)", query) for query in queries)
        return {row[0] for row in self.env.execute_query(union)}

    @api.model
    def _name_keys_condition(self, fname, name):
        """SQL condition on the GIN index of ``fname``'s name keys: the
        records whose name has two of the words of ``name`` (its only word
        when it has one), whatever their spelling."""
        keys = sorted({word_skeleton(word) for word in name_words(name)} - {""})[:MAX_NAME_KEYS]
        if not keys:
            return None
        groups = [list(pair) for pair in combinations(keys, 2)] or [keys]
        column = SQL("%s(%s)", SQL(NAME_KEYS_FUNCTION), SQL.identifier(fname))
        return SQL("(%s)", SQL(" OR ").join(SQL("%s @> %s::text[]", column, group) for group in groups))

    # -- scoring ----------------------------------------------------------------
    @api.model
    def _score_profiles_pair(self, record, profile, other, settings):
        """(score, reasons) of the profile ``other`` against ``profile`` (of
        ``record``, whose field labels name the reasons)."""
        weights, reasons = [], []

        def label(fname):
            return record._fields[fname]._description_string(self.env).lower()

        for number, fname in profile["phones"].items():
            if number in other["phones"]:
                weights.append(settings["phone"])
                reasons.append(
                    self.env._("same %(field)s %(number)s", field=label(fname), number=format_number(number))
                )
        shared_numbers = set(profile["phones"]) & set(other["phones"])
        for tail, (fname, number) in profile["tails"].items():
            other_tail = other["tails"].get(tail)
            if other_tail and not {number, other_tail[1]} & shared_numbers:
                weights.append(settings["phone_tail"])
                reasons.append(
                    self.env._(
                        "same last 10 digits of %(field)s %(number)s ~ %(other)s",
                        field=label(fname),
                        number=format_number(number),
                        other=format_number(other_tail[1]),
                    )
                )
        if profile["inn"] and profile["inn"] == other["inn"]:
            if profile["kpp"] and other["kpp"] and profile["kpp"] != other["kpp"]:
                weights.append(settings["inn"] / 2)
                reasons.append(
                    self.env._(
                        "same INN %(inn)s, other KPP %(kpp)s ~ %(other)s",
                        inn=profile["inn"],
                        kpp=profile["kpp"],
                        other=other["kpp"],
                    )
                )
            else:
                weights.append(settings["inn"])
                if profile["kpp"] and profile["kpp"] == other["kpp"]:
                    reasons.append(self.env._("same INN/KPP %(inn)s/%(kpp)s", inn=profile["inn"], kpp=profile["kpp"]))
                else:
                    reasons.append(self.env._("same INN %(inn)s", inn=profile["inn"]))
        if profile["email"] and profile["email"] == other["email"]:
            weights.append(settings["email"])
            reasons.append(self.env._("same e-mail %(email)s", email=profile["email"]))
        for fname, name in profile["names"].items():
            other_name = other["names"].get(fname)
            similarity = name_similarity(name, other_name) if other_name else 0.0
            if similarity < NAME_MIN_SIMILARITY:
                continue
            weights.append(settings["name"] * similarity)
            if " ".join(name.split()) == " ".join(other_name.split()):
                reasons.append(self.env._("same name %(name)s", name=name.strip()))
            else:
                reasons.append(self.env._("name %(name)s ~ %(other)s", name=name.strip(), other=other_name.strip()))
        return combine(weights), reasons

    # -- groups of records --------------------------------------------------------
    @api.model
    def _vtiger_group_scores(self, model_name, groups, max_records=10):
        """The best pair score within each group of record ids (the first
        ``max_records`` of a large group), in one batch."""
        pairs, owners = [], []
        Model = self.env[model_name]
        for index, ids in enumerate(groups):
            for id_a, id_b in combinations(ids[:max_records], 2):
                pairs.append((Model.browse(id_a), Model.browse(id_b)))
                owners.append(index)
        best = defaultdict(int)
        for index, (score, _reasons) in zip(owners, self.score_pairs(pairs), strict=True):
            best[index] = max(best[index], score)
        return [best[index] for index in range(len(groups))]

    # -- the card's warning and the optional block --------------------------------
    @api.model
    def _vtiger_duplicate_warning_html(self, record, limit=5):
        """The "Possible duplicates" alert of a record being typed: each
        candidate with its score, its reasons and a link opening it in a new
        tab; False when there is none."""
        candidates = self.find_candidates(record, limit=limit)
        if not candidates:
            return False
        items = Markup("").join(
            Markup(
                '<li><a href="/odoo/%s/%s" target="_blank">%s</a>'
                ' <span class="badge text-bg-warning o_vtiger_duplicate_score">%s</span> <small>%s</small></li>'
            )
            % (candidate._name, candidate.id, candidate.display_name, score, "; ".join(reasons))
            for candidate, score, reasons in candidates
        )
        return Markup('<div class="o_vtiger_duplicate_warning"><strong>%s</strong><ul class="mb-0">%s</ul></div>') % (
            self.env._("Possible duplicates"),
            items,
        )

    @api.model
    def _vtiger_check_duplicate_block(self, records):
        """vtiger's blocking option: refuse to create ``records`` when one
        of them has possible duplicates above the threshold. Only what users
        type is refused: not imports (they have their own duplicate rules),
        nor records made by the system (superuser: mail gateway, signup)."""
        context = self.env.context
        if not records or self.env.su or context.get("vtiger_allow_duplicates") or context.get("import_file"):
            return
        if not self._vtiger_block_duplicates(records._name):
            return
        for record in records:
            if candidates := self.find_candidates(record, limit=5):
                raise ValidationError(
                    self.env._(
                        "%(record)s looks like a duplicate of:\n%(candidates)s\nOpen the existing record instead.",
                        record=record.display_name,
                        candidates="\n".join(
                            f"- {candidate.display_name} ({score}: {'; '.join(reasons)})"
                            for candidate, score, reasons in candidates
                        ),
                    )
                )

    @api.model
    def _vtiger_mark_with_candidates(self, record):
        """Mark ``record`` as not a duplicate of each of its candidates."""
        candidates = [candidate for candidate, _score, _reasons in self.find_candidates(record, limit=100)]
        if not candidates:
            return self.env["crm.vtiger.not.duplicate"]
        return self.env["crm.vtiger.not.duplicate"]._vtiger_mark(record, record.browse().union(*candidates))

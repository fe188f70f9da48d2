#!/usr/bin/env bash
# `make pot`: regenerate crm_vtiger_like/i18n/crm_vtiger_like.pot with odoo-bin's
# export, and ru.po with every msgid (existing translations kept, new ones empty).
source "$(dirname "$0")/common.sh"
setup_all

DB="crmvt_i18n_$$"
trap 'db_drop "$DB" 2>/dev/null || true' EXIT
I18N="$ROOT/crm_vtiger_like/i18n"
odoo_bin -d "$DB" -i crm_vtiger_like --without-demo=all --load-language=ru_RU --stop-after-init --log-level=warn
# export next to the files, then move: odoo-bin reads code translations from
# ru.po while it writes the export, so writing ru.po in place would empty them
odoo_bin -d "$DB" --i18n-export="$STATE/crm_vtiger_like.pot" --modules=crm_vtiger_like --log-level=warn
odoo_bin -d "$DB" -l ru_RU --i18n-export="$STATE/ru.po" --modules=crm_vtiger_like --log-level=warn
mv "$STATE/crm_vtiger_like.pot" "$I18N/crm_vtiger_like.pot"
mv "$STATE/ru.po" "$I18N/ru.po"
"$VENV/bin/python" - "$I18N/ru.po" <<'PY'
import re
import sys
import polib
# an empty msgstr is right for text that reads the same in Russian (OCA's
# po-pretty-format empties translations equal to their msgid): names, URLs, ООО
same = re.compile(r"^(vtiger|https?://\S*|[^A-Za-z]*)$")
placeholders = re.compile(r"%\(\w+\)s|%%s")
todo = [
    e.msgid
    for e in polib.pofile(sys.argv[1])
    if not e.msgstr and e.msgid != "ID" and not same.match(placeholders.sub("", e.msgid))
]
print(f"[crm_vtiger_like] ru.po: {len(todo)} msgid(s) still without a Russian translation", *todo, sep="\n  ")
PY

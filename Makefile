# Thin wrappers: the scripts do the work and explain what they do.
.PHONY: run test lint pot bench screenshots

run:            ## Odoo 18 + crm_vtiger_like + Russian demo data on http://localhost:$(PORT)
	@scripts/run.sh

test:           ## every test of the addon (Python + Chromium tours), last line "N passed, M failed"
	@scripts/test.sh

lint:           ## ruff + pylint-odoo through pre-commit
	@scripts/lint.sh

pot:            ## regenerate crm_vtiger_like/i18n/crm_vtiger_like.pot and merge ru.po
	@scripts/i18n.sh

bench:          ## every benchmark of bench/ at SIZE (default 100000; ONLY=/SKIP=lists,create...), bench/results.json
	@SIZE="$(SIZE)" ONLY="$(ONLY)" SKIP="$(SKIP)" bench/run.sh

screenshots:    ## the addon's screens with Russian demo data, by headless Chromium, into docs/screenshots/
	@scripts/screenshots.sh

# Developer commands for moss_connect. The addon is this folder; these only drive Odoo around it.
# ODOO_PATH (default /opt/odoo/19.0) is the Odoo 19.0 source tree; PG* variables choose PostgreSQL.

.PHONY: run test pytest lint pot pot-check bench roundtrip screenshots smoke dist dist-check clean

run:    ## serve Odoo with moss_connect on http://localhost:8069 (admin / admin)
	bash dev/run.sh

test:   ## fresh database, Odoo's test runner, closing line "N passed, N failed"
	bash dev/test.sh

pytest: ## the same tests through pytest-odoo against the database `make test` left
	bash dev/pytest.sh

lint:   ## ruff, pylint-odoo and OCA's module and .po checks (as the pre-commit hooks)
	bash dev/lint.sh

pot:    ## export i18n/moss_connect.pot from Odoo
	bash dev/pot.sh

pot-check: ## fail when i18n/moss_connect.pot is stale
	bash dev/pot.sh --check

bench:  ## query counts, time and memory of Connect, the block, the check and Moss's traffic, fresh vs large database
	bash dev/bench.sh

roundtrip: ## upgrade from the previous release, then uninstall and reinstall with posted Moss entries
	bash dev/roundtrip.sh

screenshots: ## regenerate static/description/screenshot_*.png with a browser tour
	MOSS_SCREENSHOT_DIR=$(CURDIR)/static/description MOSS_TEST_TAGS=moss_screenshots bash dev/test.sh

smoke:  ## Moss's calls in prefork mode, a two-client burst, and the key's life under traffic (threaded and prefork)
	bash dev/smoke.sh

dist:   ## dist/moss_connect-<version>.zip and the odoo_addon_moss_connect wheel, the addon alone
	bash dev/dist.sh

dist-check: ## build both, then install the zip from an addons folder and the wheel from a venv, each in a fresh database
	bash dev/dist_check.sh

clean:  ## remove the private PostgreSQL cluster, logs and dist/ (the venvs live in ~/.cache/moss_connect)
	rm -rf .build dist

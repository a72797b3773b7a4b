import json
import logging

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import MossConnectCommon, connection_of, moss_groups

# Column types a leaked key could hide in.
TEXT_TYPES = ("character varying", "text", "jsonb", "json", "character", "bytea")


@tagged("post_install", "-at_install", "moss_slow")
class TestMossKeyInNoTable(MossConnectCommon):
    """One sequential scan of every text column of the database: tagged moss_slow."""

    def _tables_holding(self, *needles):
        """``{needle: [table.column, ...]}``: where in the database each of ``needles`` is found."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT c.table_name, array_agg(c.column_name::text)
              FROM information_schema.columns c
              JOIN information_schema.tables t USING (table_schema, table_name)
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN %s
          GROUP BY c.table_name
            """,
            [TEXT_TYPES],
        )
        found = {needle: [] for needle in needles}
        for table, columns in self.env.cr.fetchall():
            # One scan of the table for every column and needle; bytea is compared as its text escape.
            pairs = [(column, needle) for column in columns for needle in needles]
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM %s",
                    SQL(", ").join(
                        SQL("bool_or(position(%s in %s::text) > 0)", needle, SQL.identifier(column))
                        for column, needle in pairs
                    ),
                    SQL.identifier(table),
                )
            )
            for (column, needle), present in zip(pairs, self.env.cr.fetchone(), strict=True):
                if present:
                    found[needle].append(f"{table}.{column}")
        return found

    def test_plaintext_key_is_in_no_table_after_a_full_run(self):
        # The scan must be able to fail: a planted marker is found where it was written.
        marker = "moss-secret-marker-0123456789abcdef"
        self.env["res.partner"].create({"name": marker})
        _wizard, key = self._connect_with_key()
        found = self._tables_holding(key, marker)
        self.assertEqual(found[key], [])
        self.assertEqual(sorted(found[marker]), ["res_partner.complete_name", "res_partner.name"])


@tagged("post_install", "-at_install")
class TestMossSecretHygiene(MossConnectCommon):
    def test_plaintext_key_is_in_no_log_line_even_at_debug_level(self):
        with self.assertLogs("odoo", level=logging.DEBUG) as logs:
            logging.getLogger("odoo.addons.moss_connect").debug("capturing")
            _wizard, key = self._connect_with_key()
        self.assertTrue(logs.output)
        self.assertFalse([line for line in logs.output if key in line])

    def test_no_chatter_message_holds_the_key(self):
        _wizard, key = self._connect_with_key()
        messages = self.env["mail.message"].sudo().search([("body", "ilike", key[:16])])
        self.assertFalse(messages)

    def test_wizard_records_hold_no_secret(self):
        wizard, key = self._connect_with_key()
        values = wizard.read()[0]
        self.assertFalse([name for name, value in values.items() if key in str(value)])
        stored = [name for name, field in wizard._fields.items() if field.store]
        self.assertFalse([name for name in stored if "key" in name and wizard._fields[name].type == "char"])


@tagged("post_install", "-at_install", "moss_http")
class TestMossSecretOverHttp(HttpCase):
    """The web client's own calls: only the show-once screen's responses carry the key."""

    def _call(self, model, method, args, **kwargs):
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )
        self.responses.append((f"{model}.{method}", json.dumps(result)))
        return result

    def _button(self, model, method, record_id, context=None):
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_button/{model}/{method}",
            {"model": model, "method": method, "args": [[record_id]], "kwargs": {"context": context or {}}},
        )
        self.responses.append((f"{model}.{method}", json.dumps(result)))
        return result

    def test_key_only_in_the_show_once_responses(self):
        admin = self.env.ref("base.user_admin")
        admin.group_ids += moss_groups(self.env)
        self.authenticate("admin", "admin")
        self.responses = []
        wizard_id = self._call("moss.connect.wizard", "create", [{}])
        self._button("moss.connect.wizard", "action_connect", wizard_id)
        check = self._button("moss.connect.wizard", "action_generate_key", wizard_id)
        self.assertEqual(check["res_model"], "res.users.identitycheck", "Odoo's password check comes first")
        shown = self._button("res.users.identitycheck", "run_check", check["res_id"], {"password": "admin"})
        key = shown["context"]["default_api_key"]
        self.assertEqual(len(key), 40)
        self._call(
            "moss.connect.credentials", "onchange", [[], {}, [], {"api_key": {}, "login": {}}], context=shown["context"]
        )
        show_once = len(self.responses)

        # Everything the administrator opens afterwards.
        self._call("moss.connect.wizard", "web_read", [[wizard_id]], specification={"connect_report": {}})
        settings_id = self._call("res.config.settings", "create", [{}])
        self._call(
            "res.config.settings",
            "web_read",
            [[settings_id]],
            specification={"moss_status": {}, "moss_status_lines": {}, "moss_connection_id": {}},
        )
        check = self._button("res.config.settings", "action_moss_check_connection", settings_id)
        self._call(
            "moss.connection",
            "web_read",
            [[check["res_id"]]],
            specification={"check_lines": {}, "key_lines": {}, "message_ids": {"fields": {"body": {}}}},
        )
        user = connection_of(self.env, self.env.ref("base.user_admin").company_id).user_id
        self._call(
            "res.users",
            "web_read",
            [user.ids],
            specification={"api_key_ids": {"fields": {"name": {}, "expiration_date": {}}}},
        )

        carrying = [name for name, body in self.responses if key in body]
        self.assertEqual(carrying, [name for name, _body in self.responses[:show_once] if key in _body])
        self.assertEqual(carrying, ["res.users.identitycheck.run_check", "moss.connect.credentials.onchange"])

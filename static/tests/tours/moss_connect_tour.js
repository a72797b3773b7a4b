import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("moss_connect_open_wizard", {
    steps: () => [
        {
            content: "Open Connect Moss from the Moss block of the Accounting settings",
            trigger: "#moss_connect button[name='action_open_moss_connect_wizard']",
            run: "click",
        },
        {
            content: "The wizard opens in a dialog, for the current company",
            trigger: ".modal .o_moss_connect_wizard .o_field_widget[name='company_id']",
        },
    ],
});

registry.category("web_tour.tours").add("moss_connect_first_and_second_run", {
    steps: () => [
        {
            content: "Open Connect Moss",
            trigger: "#moss_connect button[name='action_open_moss_connect_wizard']",
            run: "click",
        },
        {
            content: "The readiness checklist shows the granted permissions",
            trigger: ".modal .o_moss_connect_readiness .o_moss_check_ok:contains('Analytic Accounting')",
        },
        {
            content: "First run: create everything",
            trigger: ".modal button[name='action_connect']",
            run: "click",
        },
        {
            content: "The wizard says what it created",
            trigger: ".modal .o_moss_connect_done",
        },
        {
            trigger: ".modal .o_moss_connect_summary:contains('Created the Moss Purchase Journal')",
        },
        {
            content: "Close the wizard",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "The Moss block links to the new purchase journal",
            trigger: "#moss_connect .o_field_widget[name='moss_purchase_journal_id']:contains('Moss Purchase Journal')",
        },
        {
            content: "Open Connect Moss again",
            trigger: "#moss_connect button[name='action_open_moss_connect_wizard']",
            run: "click",
        },
        {
            content: "The second run proposes what the company already uses",
            trigger: ".modal .o_field_widget[name='purchase_journal_mode'] input[data-value='existing']:checked",
        },
        {
            content: "Second run: reuse and repair",
            trigger: ".modal button[name='action_connect']",
            run: "click",
        },
        {
            content: "Nothing was created twice",
            trigger: ".modal .o_moss_connect_summary:contains('Reused the Moss Purchase Journal')",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("moss_connect_full_setup", {
    steps: () => [
        {
            trigger: "#moss_connect button[name='action_open_moss_connect_wizard']",
            run: "click",
        },
        {
            content: "Set up the accounting Moss posts into",
            trigger: ".modal button[name='action_connect']",
            run: "click",
        },
        {
            content: "The wizard now offers the integration user and its key",
            trigger: ".modal .o_moss_connect_key .o_field_widget[name='integration_login'] input",
        },
        {
            content: "Create the API key",
            trigger: ".modal button[name='action_generate_key']",
            run: "click",
        },
        {
            content: "Odoo asks for the administrator's password first",
            trigger: ".modal .o_field_widget[name='password'] input",
            run: "edit admin",
        },
        {
            trigger: ".modal button[name='run_check']",
            run: "click",
        },
        {
            content: "Everything Moss asks for is shown once",
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='login']:contains('moss-integration')",
        },
        {
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='api_key']:contains(/[0-9a-f]{40}/)",
        },
        {
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='purchase_journal']:contains('MOSS')",
        },
        {
            content: "Done: the key was given to Moss",
            trigger: ".modal-footer button:contains('Done')",
            run: "click",
        },
        {
            content: "The Moss block shows the key's name and expiry, never the key",
            trigger: "#moss_connect .o_field_widget[name='moss_key_name']:contains('Moss Integration')",
        },
    ],
});

registry.category("web_tour.tours").add("moss_connect_hidden_without_accounting_admin", {
    steps: () => [
        {
            content: "The settings are open on the app this user may configure",
            trigger: ".app_settings_block .o_settings_container",
        },
        {
            content: "and show no Moss block to a user who may not administer Accounting",
            trigger: "body:not(:has(#moss_connect)):not(:has(button[name='action_open_moss_connect_wizard']))",
        },
    ],
});

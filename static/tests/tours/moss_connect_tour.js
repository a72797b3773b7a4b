import { registry } from "@web/core/registry";

// Asks tests/test_screenshots.py for a picture (elsewhere only a console line), then gives it time.
async function screenshot(name) {
    console.log(`moss-screenshot:${name}`);
    await new Promise((resolve) => setTimeout(resolve, 800));
}

// A script that ran in the page would set this: every XSS payload of the tests tries to.
function assertNoScriptRan() {
    if (window.__mossXss) {
        throw new Error("a script written into a Moss field ran in the page");
    }
}

const openWizard = {
    content: "Open Connect Moss from the Moss block of the Invoicing / Accounting settings",
    trigger: "#moss_connect button[name='action_open_moss_connect_wizard']",
    run: "click",
};

registry.category("web_tour.tours").add("moss_connect_open_wizard", {
    steps: () => [
        openWizard,
        {
            content: "The wizard opens in a dialog, for the company of the settings",
            trigger: ".modal .o_moss_connect_wizard .o_field_widget[name='company_id']",
        },
    ],
});

// The first ten minutes of a new administrator, in whatever language the user reads: Analytic
// Accounting is off, the wizard turns it on, connects, creates the key and shows it, all without
// leaving the settings page. Selectors never use text, so the same tour runs in every language.
registry.category("web_tour.tours").add("moss_connect_first_journey", {
    steps: () => [
        {
            content: "The block says that Moss is not connected yet",
            trigger: "#moss_connect .o_moss_connect_state_none",
            run: () => screenshot("1_settings_not_connected"),
        },
        openWizard,
        {
            content: "Analytic Accounting is off: Connect is shown, disabled, with the reason in the footer",
            trigger: ".modal .modal-footer .o_moss_connect_disabled:disabled",
        },
        {
            trigger: ".modal .modal-footer .o_moss_connect_blocked:not(:empty)",
            run: () => screenshot("2_wizard_analytic_off"),
        },
        {
            content: "The checklist line offers the fix in one click",
            trigger: ".modal .o_moss_connect_readiness .o_moss_check_error button[name='action_enable_analytic_accounting']",
            run: "click",
        },
        {
            content: "The checklist is green where it must be, and Connect is available",
            trigger: ".modal:not(:has(.o_moss_connect_readiness .o_moss_check_error)) button[name='action_connect']",
            run: () => screenshot("3_wizard_ready"),
        },
        {
            trigger: ".modal button[name='action_connect']",
            run: "click",
        },
        {
            content: "Step two: the wizard says what it did and asks for the key",
            trigger: ".modal .o_moss_connect_key_step",
        },
        {
            trigger: ".modal .o_moss_connect_summary .o_moss_check_ok",
            run: () => screenshot("4_wizard_key_step"),
        },
        {
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
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='api_key']:contains(/[0-9a-f]{40}/)",
            run: () => screenshot("5_credentials"),
        },
        {
            trigger: ".modal:has(.o_moss_connect_credentials) .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Back on the same settings page, the block says Moss is set up",
            trigger: "body:not(:has(.modal)) #moss_connect .o_moss_connect_state_connected",
            run: async () => {
                document.querySelector("#moss_connect").scrollIntoView({ block: "center" });
                await screenshot("6_settings_connected");
            },
        },
    ],
});

registry.category("web_tour.tours").add("moss_connect_create_key_from_block", {
    steps: () => [
        {
            content: "After Connect without a key, the block says the key is still missing",
            trigger: "#moss_connect .o_moss_connect_state_key_missing",
        },
        {
            trigger: "#moss_connect button[name='action_moss_create_key']",
            run: "click",
        },
        {
            content: "The wizard opens at its key step",
            trigger: ".modal .o_moss_connect_key_step",
        },
        {
            trigger: ".modal button[name='action_generate_key']",
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

registry.category("web_tour.tours").add("moss_connect_renew_and_disconnect", {
    steps: () => [
        {
            trigger: "#moss_connect .o_moss_connect_state_connected",
        },
        {
            trigger: "#moss_connect button[name='action_moss_renew_key']",
            run: "click",
        },
        {
            content: "Renew opens its own confirmation: what happens to the key Moss holds",
            trigger: ".modal .o_moss_connect_renew",
        },
        {
            trigger: ".modal .o_field_widget[name='key_grace_days'] input",
        },
        {
            trigger: ".modal button[name='action_generate_key']",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) #moss_connect button[name='action_moss_disconnect']",
            run: "click",
        },
        {
            content: "Disconnect asks for confirmation",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "then confirms that it is done",
            trigger: ".o_notification",
        },
        {
            content: "and the block shows a neutral Not connected, no error",
            trigger: "#moss_connect .o_moss_connect_state_disconnected",
        },
        {
            trigger: "#moss_connect:not(:has(.alert-danger))",
        },
    ],
});

// Names written by another user (journal, supplier, company) with a script in them reach the
// administrator's pages: the block, Check connection, the connection's history and the wizard.
registry.category("web_tour.tours").add("moss_connect_no_script_runs", {
    steps: () => [
        {
            trigger: "#moss_connect .o_moss_checklist li",
            run: assertNoScriptRan,
        },
        {
            trigger: "#moss_connect button[name='action_moss_check_connection']",
            run: "click",
        },
        {
            trigger: ".modal .o_moss_connect_health_report li",
            run: assertNoScriptRan,
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        openWizard,
        {
            trigger: ".modal .o_moss_connect_readiness li",
            run: assertNoScriptRan,
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) #moss_connect button[name='action_moss_open_connection']",
            run: "click",
        },
        {
            content: "The connection's record with its chatter, which quotes the names",
            trigger: ".o_form_view .o-mail-Chatter",
        },
        {
            trigger: ".o-mail-Message",
            run: assertNoScriptRan,
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

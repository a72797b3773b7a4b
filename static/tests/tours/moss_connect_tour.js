import { registry } from "@web/core/registry";

// Asks tests/test_screenshots.py for a picture and gives it time to take it. Only that test sets the
// moss_screenshots cookie; elsewhere a screenshot step costs nothing.
async function screenshot(name) {
    if (!document.cookie.split("; ").includes("moss_screenshots=1")) {
        return;
    }
    console.log(`moss-screenshot:${name}`);
    await new Promise((resolve) => setTimeout(resolve, 800));
}

// The tests write '<img src=x onerror=...>' into every name a Moss page shows. Rendered as markup it
// would be an <img> element with an onerror attribute, whether or not its script has run yet: look
// for the element, and for the payload shown as text where the step's trigger found it.
function assertShownAsText({ anchor }) {
    if (document.querySelector("img[onerror]") || window.__mossXss) {
        throw new Error("markup written into a Moss field was rendered as HTML");
    }
    if (!anchor.textContent.includes("<img src=x onerror=")) {
        throw new Error(`the written name is not shown as text: ${anchor.textContent}`);
    }
}

const openWizard = {
    content: "Open Connect Moss from the Moss block of the Invoicing / Accounting settings",
    trigger: "#moss_connect button[name='action_open_moss_connect_wizard']:visible",
    run: "click",
};

const closeDialog = {
    trigger: ".modal .modal-footer button.btn-secondary",
    run: "click",
};

// The company every tour of the journey runs for (tests/test_tour.py names it so).
const COMPANY = "Moss Tour Company";
// The newcomer's journey counts its clicks: from Activate in Apps to the key on screen, at most six.
const MAX_CLICKS = 6;
let clicks = 0;

function countedClick(step) {
    return {
        ...step,
        async run(helpers) {
            clicks++;
            await helpers.click();
        },
    };
}

// Found in Apps by typing "Moss" as the page opens, under its default Apps filter.
registry.category("web_tour.tours").add("moss_connect_found_in_apps", {
    steps: () => [
        {
            content: "Apps opens with its default filter",
            trigger: ".o_searchview .o_searchview_facet",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Moss",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Connect Moss is found, with the Apps filter still on beside the search",
            trigger: ".o_searchview_facet ~ .o_searchview_facet",
        },
        {
            trigger: ".o_kanban_record:contains('Connect Moss')",
        },
    ],
});

// The first minutes of a new administrator, in whatever language the user reads, from where Activate
// in Apps leads (Connect Moss, opened by Odoo's configuration to-do) to the key on screen: Analytic
// Accounting is off, which Connect says it turns on; one click connects, Odoo asks for the password,
// and the key is shown with what was done. Every screen names the company. Selectors never use
// translated text, so the same tour runs in every language.
registry.category("web_tour.tours").add("moss_connect_first_journey", {
    steps: () => [
        {
            content: "Activate in Apps was the first click",
            trigger: "body",
            run: () => {
                clicks = 1;
            },
        },
        {
            content: "Activate leads straight into Connect Moss, which names the company",
            trigger: `.modal .o_moss_connect_wizard .o_field_widget[name='company_id']:contains('${COMPANY}')`,
        },
        {
            content: "What the fresh database lacks is said before the click: Connect turns Analytic Accounting on",
            trigger: ".modal .o_moss_connect_readiness:not(:has(.o_moss_check_error)) .o_moss_check_warning",
            run: () => screenshot("3_wizard_ready"),
        },
        countedClick({
            content: "Nothing is left to decide: one click connects and asks for the key",
            trigger: ".modal button[name='action_connect_and_create_key']",
        }),
        {
            content: "Odoo asks for the administrator's password first",
            trigger: ".modal .o_field_widget[name='password'] input",
            run: "edit admin",
        },
        countedClick({
            trigger: ".modal button[name='run_check']",
        }),
        {
            content: "Everything Moss asks for is shown once, for the company, with what Connect did",
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='api_key']:contains(/[0-9a-f]{40}/)",
        },
        {
            trigger: `.modal .o_moss_connect_credentials .o_moss_connect_company:contains('${COMPANY}')`,
        },
        {
            trigger: ".modal .o_moss_connect_credentials .o_moss_connect_summary .o_moss_check_ok",
            run: async () => {
                console.log(`moss-clicks:${clicks}`);
                if (clicks > MAX_CLICKS) {
                    throw new Error(`${clicks} clicks from Activate to the key: at most ${MAX_CLICKS}`);
                }
                await screenshot("5_credentials");
            },
        },
        {
            trigger: ".modal:has(.o_moss_connect_credentials) .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The Invoicing settings, where the Moss block comes first",
            trigger: "body:not(:has(.modal))",
            run: () => {
                window.location.href = "/odoo/settings#account";
            },
            expectUnloadPage: true,
        },
        {
            content: "The block names the company and says Moss is set up",
            trigger: `#moss_connect .o_moss_connect_company:contains('${COMPANY}')`,
        },
        {
            trigger: "#moss_connect .o_moss_connect_state_connected",
            run: async () => {
                document.querySelector("#moss_connect").scrollIntoView({ block: "center" });
                await screenshot("6_settings_connected");
            },
        },
    ],
});

registry.category("web_tour.tours").add("moss_connect_no_script_runs", {
    steps: () => [
        {
            trigger: "#moss_connect .o_moss_checklist li:contains('onerror=')",
            run: assertShownAsText,
        },
        {
            trigger: "#moss_connect button[name='action_moss_check_connection']",
            run: "click",
        },
        {
            trigger: ".modal .o_moss_connect_health_report li:contains('onerror=')",
            run: assertShownAsText,
        },
        closeDialog,
        openWizard,
        {
            trigger: ".modal .o_moss_connect_readiness li:contains('onerror=')",
            run: assertShownAsText,
        },
        closeDialog,
        {
            trigger: "body:not(:has(.modal)) #moss_connect button[name='action_moss_open_connection']",
            run: "click",
        },
        {
            content: "The connection's record with its chatter, which quotes the names",
            trigger: ".o_form_view .o-mail-Chatter",
        },
        {
            trigger: ".o-mail-Message:contains('onerror=')",
            run: assertShownAsText,
        },
    ],
});

// The block through a connection's life, on one page: connected without a key, it offers the key and
// the set-up's review; with the key, Renew asks first and Disconnect confirms it is done.
registry.category("web_tour.tours").add("moss_connect_settings_block", {
    steps: () => [
        {
            content: "After Connect without a key, the block says the key is still missing",
            trigger: "#moss_connect .o_moss_connect_state_key_missing",
        },
        openWizard,
        {
            content: "Review set-up opens the wizard in a dialog, for the company of the settings",
            trigger: `.modal .o_moss_connect_wizard .o_field_widget[name='company_id']:contains('${COMPANY}')`,
        },
        closeDialog,
        {
            trigger: "body:not(:has(.modal)) #moss_connect button[name='action_moss_create_key']",
            run: "click",
        },
        {
            content: "The wizard opens at its key step",
            trigger: ".modal .o_moss_connect_key_step",
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
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='api_key']:contains(/[0-9a-f]{40}/)",
        },
        {
            trigger: ".modal:has(.o_moss_connect_credentials) .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The block now says Moss is set up",
            trigger: "body:not(:has(.modal)) #moss_connect .o_moss_connect_state_connected",
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
        closeDialog,
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

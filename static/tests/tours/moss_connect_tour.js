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

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

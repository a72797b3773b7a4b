import { registry } from "@web/core/registry";

// Asks the test (tests/test_screenshots.py) for a screenshot, then leaves it time to be taken.
async function screenshot(name) {
    console.log(`moss-screenshot:${name}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
}

registry.category("web_tour.tours").add("moss_connect_screenshots", {
    steps: () => [
        {
            trigger: "#moss_connect button[name='action_open_moss_connect_wizard']",
            run: "click",
        },
        {
            trigger: ".modal .o_moss_connect_readiness .o_moss_check_ok",
            run: () => screenshot("screenshot_wizard"),
        },
        {
            trigger: ".modal button[name='action_connect']",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_generate_key']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='password'] input",
            run: "edit admin",
        },
        {
            trigger: ".modal button[name='run_check']",
            run: "click",
        },
        {
            trigger: ".modal .o_moss_connect_credentials .o_field_widget[name='api_key']:contains(/[0-9a-f]{40}/)",
            run: () => screenshot("screenshot_result"),
        },
        {
            trigger: ".modal-footer button:contains('Done')",
            run: "click",
        },
        {
            trigger: "#moss_connect .o_field_widget[name='moss_key_name']:contains('Moss Integration')",
            run: async () => {
                document.querySelector("#moss_connect").scrollIntoView({ block: "center" });
                await screenshot("screenshot_settings");
            },
        },
    ],
});

import { Component } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { pick } from "@web/core/utils/objects";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const STATES = {
    ok: { icon: "fa-check-circle text-success", label: () => _t("OK") },
    warning: { icon: "fa-exclamation-triangle text-warning", label: () => _t("Warning") },
    error: { icon: "fa-times-circle text-danger", label: () => _t("Missing") },
};
// Only links the server builds: a record of this database, never a script or another site.
const RECORD_URL = /^\/odoo\/[a-z_.]+\/\d+$/;

/**
 * A checklist kept as data (a Json field of {state, name, message, url, action, action_label,
 * confirm} lines) and rendered as text: nothing a client writes into such a field becomes markup.
 */
export class MossChecklistField extends Component {
    static template = "moss_connect.MossChecklistField";
    static props = { ...standardFieldProps };

    setup() {
        this.dialog = useService("dialog");
    }

    get lines() {
        const value = this.props.record.data[this.props.name];
        return Array.isArray(value) ? value.filter((line) => line && typeof line === "object") : [];
    }

    get STATES() {
        return STATES;
    }

    stateKey(line) {
        return Object.hasOwn(STATES, line.state) ? line.state : "error";
    }

    url(line) {
        return typeof line.url === "string" && RECORD_URL.test(line.url) ? line.url : false;
    }

    /** Run the line's fix as a button of the form would, after confirmation when the line asks for it. */
    onAction(line) {
        const run = () =>
            this.env.onClickViewButton({
                clickParams: { type: "object", name: line.action },
                getResParams: () =>
                    pick(this.props.record, "context", "evalContext", "resModel", "resId", "resIds"),
            });
        if (line.confirm) {
            this.dialog.add(ConfirmationDialog, { body: String(line.confirm), confirm: run, cancel: () => {} });
        } else {
            run();
        }
    }
}

registry.category("fields").add("moss_checklist", {
    component: MossChecklistField,
    supportedTypes: ["json"],
});

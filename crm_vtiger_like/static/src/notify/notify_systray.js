import { Component, useState } from "@odoo/owl";

import { browser } from "@web/core/browser/browser";
import { isDisplayStandalone, isIOS } from "@web/core/browser/feature_detection";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { useDropdownState } from "@web/core/dropdown/dropdown_hooks";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";

const FIELDS = ["crm_notify_new", "crm_notify_mode"];

/**
 * Whether this browser can get Web Push: "granted", "denied", "prompt" or
 * "unsupported" (no Notification / service worker / Push API, e.g. Safari
 * on iOS outside of the installed web app, or a page not served over HTTPS).
 */
export function pushPermission() {
    const Notification = browser.Notification;
    if (
        !Notification ||
        !window.isSecureContext ||
        !browser.navigator.serviceWorker ||
        !window.PushManager
    ) {
        return "unsupported";
    }
    return Notification.permission === "default" ? "prompt" : Notification.permission;
}

export class CrmVtigerNotifyMenu extends Component {
    static components = { Dropdown };
    static props = [];
    static template = "crm_vtiger_like.NotifyMenu";

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.dropdown = useDropdownState();
        this.state = useState({
            loaded: false,
            saving: false,
            crm_notify_new: false,
            crm_notify_mode: "both",
            permission: pushPermission(),
        });
        this.modes = [
            ["inpage", _t("In the Odoo tab")],
            ["push", _t("Push notification")],
            ["both", _t("Both")],
        ];
    }

    get unsupportedHint() {
        if (isIOS() && !isDisplayStandalone()) {
            return _t(
                "On iPhone and iPad, add Odoo to the Home Screen (Share > Add to Home Screen) and enable push from the installed app."
            );
        }
        if (!window.isSecureContext) {
            return _t("Push notifications need Odoo to be served over HTTPS.");
        }
        return _t("This browser does not support push notifications.");
    }

    async onBeforeOpen() {
        this.state.permission = pushPermission();
        if (this.state.loaded) {
            return;
        }
        const [values] = await this.orm.read("res.users", [user.userId], FIELDS);
        Object.assign(this.state, {
            loaded: true,
            crm_notify_new: values.crm_notify_new,
            crm_notify_mode: values.crm_notify_mode,
        });
    }

    async save(values) {
        const previous = Object.fromEntries(Object.keys(values).map((key) => [key, this.state[key]]));
        Object.assign(this.state, values, { saving: true });
        try {
            await this.orm.write("res.users", [user.userId], values);
        } catch (error) {
            Object.assign(this.state, previous);
            throw error;
        } finally {
            this.state.saving = false;
        }
    }

    onToggleNew(ev) {
        return this.save({ crm_notify_new: ev.target.checked });
    }

    onSelectMode(mode) {
        return this.save({ crm_notify_mode: mode });
    }

    async onEnablePush() {
        if (this.state.permission !== "prompt") {
            return;
        }
        // once granted, Odoo's web client registers this device for Web Push itself
        const permission = await browser.Notification.requestPermission();
        this.state.permission = pushPermission();
        if (permission === "granted") {
            this.notification.add(_t("This device will receive push notifications."), {
                type: "success",
            });
        } else if (permission === "denied") {
            this.notification.add(
                _t("Notifications are blocked: allow them in the browser's site settings."),
                { type: "warning" }
            );
        }
    }

    async onMoreSettings() {
        this.dropdown.close();
        const actionDescription = await this.orm.call("res.users", "action_get");
        actionDescription.res_id = user.userId;
        this.action.doAction(actionDescription);
    }
}

registry.category("systray").add(
    "crm_vtiger_like.notify_menu",
    {
        Component: CrmVtigerNotifyMenu,
        isDisplayed: () => user.isInternalUser,
    },
    { sequence: 25 }
);

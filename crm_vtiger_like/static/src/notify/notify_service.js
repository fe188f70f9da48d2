import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

export const NOTIFICATION_TYPE = "crm_vtiger_like/new_communication";

/**
 * The toast of a new request (SPEC 3.4). The bus brings the server's
 * notification to every open tab of the user; only the main tab (Odoo's
 * multi_tab election) shows it, so the user sees it once. Everything in the
 * payload is shown as plain text: the notification service escapes it.
 */
export const crmVtigerNotifyService = {
    dependencies: ["action", "bus_service", "multi_tab", "notification", "orm"],

    start(env, { action, bus_service, multi_tab, notification, orm }) {
        if (!user.isInternalUser) {
            return;
        }

        function openRecord(payload) {
            const [resModel, resId] = payload.lead_id
                ? ["crm.lead", payload.lead_id]
                : ["crm.communication", payload.communication_id];
            if (!resId) {
                return;
            }
            action.doAction({
                type: "ir.actions.act_window",
                res_model: resModel,
                res_id: resId,
                views: [[false, "form"]],
                target: "current",
            });
        }

        async function take(payload, closeToast) {
            try {
                await orm.call("crm.lead", "action_vtiger_take", [[payload.lead_id]]);
            } catch (error) {
                // "already taken by X" (a UserError), or no right to take it
                if (!(error instanceof RPCError) || !error.data?.message) {
                    throw error;
                }
                closeToast();
                notification.add(error.data.message, { type: "danger", title: _t("Not taken") });
                return;
            }
            closeToast();
            notification.add(payload.lead_number || payload.lead_name, {
                type: "success",
                title: _t("The lead is yours"),
                className: "o_crm_vtiger_notify_taken",
                buttons: [
                    {
                        name: _t("Open"),
                        onClick: () => openRecord(payload),
                    },
                ],
            });
        }

        function message(payload) {
            const lines = [payload.client];
            if (payload.source) {
                lines.push(_t("Source: %s", payload.source));
            }
            lines.push(payload.summary);
            const number = payload.lead_number || payload.communication_no;
            if (number) {
                // the lead's name is often the request's first line: said once
                const name = payload.lead_name !== payload.summary && payload.lead_name;
                lines.push(name ? `${number} · ${name}` : number);
            }
            if (payload.assigned && payload.assigned_to && payload.event !== "assigned") {
                lines.push(_t("Assigned to %s", payload.assigned_to));
            }
            return lines.filter(Boolean).join("\n");
        }

        function show(payload) {
            const buttons = [];
            let closeToast = () => {};
            buttons.push({
                name: _t("Open"),
                primary: payload.assigned || !payload.lead_id,
                onClick: () => {
                    closeToast();
                    openRecord(payload);
                },
            });
            if (payload.lead_id && !payload.assigned) {
                buttons.push({
                    name: _t("Take it"),
                    primary: true,
                    onClick: () => take(payload, closeToast),
                });
            }
            closeToast = notification.add(message(payload), {
                title: payload.title,
                type: payload.event === "repeat" ? "info" : "warning",
                sticky: true,
                className: "o_crm_vtiger_notify_toast",
                buttons,
            });
        }

        bus_service.subscribe(NOTIFICATION_TYPE, (payload) => {
            if (multi_tab.isOnMainTab()) {
                show(payload);
            }
        });
        bus_service.start();
    },
};

registry.category("services").add("crm_vtiger_like.notify", crmVtigerNotifyService);

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { formatInteger } from "@web/views/fields/formatters";

export const PROGRESS_NOTIFICATION_TYPE = "crm_vtiger_like/import_progress";

/**
 * The progress of an import from vtiger: the server sends the importing user
 * {done, total, filename} while it works; one sticky toast shows the latest
 * count and goes away when every row is done.
 */
export const crmVtigerImportProgressService = {
    dependencies: ["bus_service", "notification"],

    start(env, { bus_service, notification }) {
        if (!user.isInternalUser) {
            return;
        }
        let closeToast = null;

        bus_service.subscribe(PROGRESS_NOTIFICATION_TYPE, ({ done, total, filename }) => {
            closeToast?.();
            closeToast = null;
            if (done >= total) {
                return;
            }
            closeToast = notification.add(
                _t("Importing from vtiger: %(done)s of %(total)s rows (%(filename)s)", {
                    done: formatInteger(done),
                    total: formatInteger(total),
                    filename,
                }),
                { type: "info", sticky: true, className: "o_crm_vtiger_import_progress" }
            );
        });
        bus_service.start();
    },
};

registry.category("services").add("crm_vtiger_like.import_progress", crmVtigerImportProgressService);

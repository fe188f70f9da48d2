import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// the channel's token and the request: the same constants as tests/test_ui_notify.py
const TOKEN = "tour-notify-token-5cf1d0a2c7e84b36";
const CLIENT = "Тур Уведомлений Арсений";

/** A request posted to the real inbound endpoint, as Venyoo or a site form would. */
async function postRequest(body) {
    const response = await fetch(`/crm_vtiger_like/inbound?token=${encodeURIComponent(TOKEN)}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
    });
    if (response.status !== 201) {
        throw new Error(`The inbound endpoint answered ${response.status}: ${await response.text()}`);
    }
}

registry.category("web_tour.tours").add("crm_vtiger_like_notify", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "The bell of new request alerts, in the systray",
            trigger: ".o_menu_systray .o_crm_vtiger_notify_toggler",
            run: "click",
        },
        {
            content: "Its current values are read",
            trigger: ".o_crm_vtiger_notify_menu input[name='crm_notify_new']:not(:disabled):not(:checked)",
        },
        {
            content: "The alert form: both, by default",
            trigger: ".o_crm_vtiger_notify_menu input#crm_vtiger_notify_mode_both:checked",
        },
        {
            content: "Push on this device: a button and its state",
            trigger: ".o_crm_vtiger_notify_menu .o_crm_vtiger_notify_push[data-permission] .o_crm_vtiger_notify_enable_push",
        },
        {
            content: "Alert me of new requests",
            trigger: ".o_crm_vtiger_notify_menu input[name='crm_notify_new']",
            run: "click",
        },
        {
            content: "Subscribed, once saved: the bell rings again",
            trigger: ".o_crm_vtiger_notify_menu input[name='crm_notify_new']:checked:not(:disabled)",
        },
        {
            trigger: ".o_menu_systray .o_crm_vtiger_notify_toggler .fa-bell",
        },
        {
            content: "A request arrives through the inbound endpoint",
            trigger: ".o_menu_systray",
            run: () =>
                postRequest({
                    name: CLIENT,
                    phone: "+7 913 555-47-19",
                    email: "arseny.tour@example.com",
                    message: "Тур: нужна доставка двух кресел в Тверь",
                    external_id: "tour-notify-1",
                }),
        },
        {
            content: "The toast of the new request, with the client, the source and the lead number",
            trigger: `.o_notification.o_crm_vtiger_notify_toast:has(.o_notification_content:contains('${CLIENT}')):has(.o_notification_content:contains('Venyoo')):has(.o_notification_content:contains('LEA'))`,
        },
        {
            content: "Take it",
            trigger: ".o_notification.o_crm_vtiger_notify_toast .o_notification_buttons button:contains('Take it')",
            run: "click",
        },
        {
            content: "The lead is now the rep's",
            trigger: ".o_notification.o_crm_vtiger_notify_taken:has(.o_notification_title:contains('The lead is yours'))",
        },
        {
            content: "The new request's toast is gone",
            trigger: "body:not(:has(.o_crm_vtiger_notify_toast))",
        },
        {
            trigger: ".o_menu_systray .o_crm_vtiger_notify_toggler",
            run: "click",
        },
        {
            content: "More settings: the user's preferences",
            trigger: ".o_crm_vtiger_notify_menu .o_crm_vtiger_notify_more",
            run: "click",
        },
        {
            content: "The CRM alerts of the preferences, as subscribed from the bell",
            trigger: ".modal .o_form_view .o_field_widget[name='crm_notify_new'] input:checked",
        },
        {
            trigger: ".modal .o_form_view .o_field_widget[name='crm_notify_mode'] input[data-value='both']:checked",
        },
        {
            content: "Quiet hours, as times",
            trigger: ".modal .o_form_view .o_field_float_time[name='crm_notify_quiet_from'] input",
            run: "edit 22:30",
        },
        {
            trigger: ".modal .o_form_view .o_field_float_time[name='crm_notify_quiet_to'] input",
            run: "edit 07:00",
        },
        {
            trigger: ".modal .o_field_many2many_tags[name='crm_notify_source_ids'] input",
            run: "edit Venyoo",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Venyoo')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_many2many_tags[name='crm_notify_source_ids'] .o_tag:contains('Venyoo')",
        },
        {
            trigger: ".modal .modal-footer button[name='preference_save']",
            run: "click",
        },
        {
            content: "Saved: the preferences are closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// The same lead taken by a colleague between the toast and the click on "Take it".
const RIVAL_CLIENT = "Тур Опоздавший Клиент";

registry.category("web_tour.tours").add("crm_vtiger_like_notify_taken", {
    url: "/odoo",
    steps: () => [
        {
            content: "The web client is up, with its bell",
            trigger: ".o_menu_systray .o_crm_vtiger_notify_toggler",
            run: () =>
                postRequest({
                    name: RIVAL_CLIENT,
                    phone: "+7 913 555-47-20",
                    message: "Тур: перезвоните по поводу стеллажей",
                    external_id: "tour-notify-2",
                }),
        },
        {
            content: "The toast of the new request",
            trigger: `.o_notification.o_crm_vtiger_notify_toast:has(.o_notification_content:contains('${RIVAL_CLIENT}'))`,
            async run() {
                // meanwhile, a colleague takes the lead
                const call = (model, method, args) =>
                    rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs: {} });
                const [leadId] = await call("crm.lead", "search", [[["contact_name", "=", RIVAL_CLIENT]]]);
                const [rivalId] = await call("res.users", "search", [[["login", "=", "vt_notify_rival"]]]);
                if (!leadId || !rivalId) {
                    throw new Error(`lead ${leadId}, colleague ${rivalId}: not found`);
                }
                await call("crm.lead", "write", [[leadId], { user_id: rivalId }]);
            },
        },
        {
            content: "Take it, too late",
            trigger: `.o_notification.o_crm_vtiger_notify_toast:contains('${RIVAL_CLIENT}') .o_notification_buttons button:contains('Take it')`,
            run: "click",
        },
        {
            // no longer theirs to read: who took it is not named
            content: "Told it is taken",
            trigger: ".o_notification:has(.bg-danger):has(.o_notification_content:contains('This lead is already taken by another salesperson.'))",
        },
        {
            content: "The request's toast is gone",
            trigger: "body:not(:has(.o_crm_vtiger_notify_toast))",
        },
    ],
});

import { registry } from "@web/core/registry";

const SUBJECT = "Тур: нужен диван в приёмную";

registry.category("web_tour.tours").add("crm_vtiger_like_portal", {
    url: "/my",
    steps: () => [
        {
            content: "The customer portal's home offers the requests",
            trigger: ".o_portal_index_card a[href='/my/requests']",
            run: "click",
        },
        {
            content: "My requests, with the portal's breadcrumbs",
            trigger: ".o_portal_submenu .breadcrumb-item.active:contains('My requests')",
        },
        {
            trigger: "a.o_crm_vtiger_new_request",
            run: "click",
        },
        {
            content: "The form is prefilled with the contact's e-mail",
            trigger: ".o_crm_vtiger_new_request_form input[name='email']:value(tour.portal@alfa.example.com)",
        },
        {
            trigger: ".o_crm_vtiger_new_request_form input[name='subject']",
            run: `edit ${SUBJECT}`,
        },
        {
            trigger: ".o_crm_vtiger_new_request_form textarea[name='message']",
            run: "edit Серый, трёхместный.",
        },
        {
            trigger: ".o_crm_vtiger_new_request_form button.o_crm_vtiger_send_request",
            run: "click",
        },
        {
            content: "The request is received",
            trigger: ".o_crm_vtiger_request_created",
        },
        {
            trigger: `.o_crm_vtiger_request h4:contains('${SUBJECT}')`,
        },
        {
            content: "Back to My requests",
            trigger: ".o_portal_submenu a[href='/my/requests']",
            run: "click",
        },
        {
            content: "The new request is listed",
            trigger: `tr.o_crm_vtiger_request_row:contains('${SUBJECT}')`,
        },
    ],
});

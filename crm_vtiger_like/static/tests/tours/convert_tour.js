import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_convert", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm.crm_menu_leads"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Тарасов",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Тарасов') td[name='last_name']",
            run: "click",
        },
        {
            content: "vtiger's Convert (Создать сделку)",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Convert')",
            run: "click",
        },
        {
            content: "The wizard says what it will create",
            trigger: ".modal .o_field_widget[name='vtiger_preview']:contains('ВолгаТранс')",
        },
        {
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "Landed on the new deal, with its number",
            trigger: ".o_form_view .o_field_widget[name='deal_no']:contains(POT)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(/Тарасов/)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_vtiger_like_convert_without_deal", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm.crm_menu_leads"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Соловьёв",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Соловьёв') td[name='last_name']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Convert')",
            run: "click",
        },
        {
            content: "No deal: an account and a contact only",
            trigger: ".modal .o_field_widget[name='vtiger_create_deal'] input:checked",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='vtiger_preview']:contains('No deal')",
        },
        {
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The archived lead says it was converted, not lost, and offers no Lost nor Restore",
            trigger: [
                ".o_form_view",
                ":not(:has(.ribbon:contains('Lost')))",
                ":not(:has(.o_statusbar_buttons button:contains('Lost')))",
                ":not(:has(.o_statusbar_buttons button:contains('Restore')))",
                " .ribbon span:contains('Converted')",
            ].join(""),
        },
        {
            content: "It links to the account and the contact made from it",
            trigger: ".o_form_view button[name='action_view_vtiger_converted_partners']:contains('2')",
            run: "click",
        },
        {
            content: "The account and the contact",
            trigger: ".o_list_view:has(.o_data_row:contains('Соловьёв')) .o_data_row:contains('Северсталь-Сервис')",
        },
    ],
});

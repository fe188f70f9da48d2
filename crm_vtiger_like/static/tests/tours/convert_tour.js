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

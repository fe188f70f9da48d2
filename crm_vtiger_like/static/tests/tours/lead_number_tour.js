import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_lead_number", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "Open the Leads menu",
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_leads"]',
            run: "click",
        },
        {
            content: "Existing leads are listed with their number",
            trigger: ".o_list_view .o_data_row td[name='lead_no']:contains(LEA)",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] textarea",
            run: "edit Заявка из тура",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='last_name'] input",
            run: "edit Тестов",
        },
        ...stepUtils.saveForm(),
        {
            content: "The saved lead shows its LEA number",
            trigger: ".o_form_view .o_field_widget[name='lead_no']:contains(LEA)",
        },
    ],
});

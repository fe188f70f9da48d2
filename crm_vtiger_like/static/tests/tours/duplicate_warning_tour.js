import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// the mobile of the demo contact Пётр Иванов (and of its demo duplicate)
const MOBILE = "+7 912 345-67-89";

registry.category("web_tour.tours").add("crm_vtiger_like_duplicate_warning", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_contacts"]',
            run: "click",
        },
        {
            trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "A new contact: no warning yet",
            trigger: ".o_form_view .o_field_widget[name='last_name'] input",
            run: "edit Тестов",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='first_name'] input",
            run: "edit Олег",
        },
        {
            content: "No possible duplicate for this name alone",
            trigger: ".o_form_view:not(:has(.o_vtiger_duplicate_alert:visible))",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='mobile'] input",
            run: `edit ${MOBILE}`,
        },
        {
            content: "Leave the field: the card is refreshed",
            trigger: ".o_form_view .o_field_widget[name='email'] input",
            run: "click",
        },
        {
            content: "The card shows the demo contact as a possible duplicate, with its score and a link",
            trigger:
                ".o_form_view .o_vtiger_duplicate_alert li:has(a[target='_blank']:contains('Пётр Иванов')):has(.o_vtiger_duplicate_score:contains(60)):contains('same mobile +7 912 345-67-89')",
        },
        {
            content: "Saving is not blocked",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The contact is saved: it has its number, the warning is gone",
            trigger:
                ".o_form_view:not(:has(.o_vtiger_duplicate_alert:visible)) .o_field_widget[name='contact_no']:contains(CON)",
        },
    ],
});

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_find_duplicates", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm.crm_menu_sales"]',
            run: "click",
        },
        {
            trigger: '.o-dropdown--menu [data-menu-xmlid="crm_vtiger_like.menu_crm_find_duplicates"]',
            run: "click",
        },
        {
            content: "Search by phone (ticked by default)",
            trigger: ".modal .o_field_widget[name='by_phone'] input:checked",
        },
        {
            trigger: ".modal button[name='action_find']",
            run: "click",
        },
        {
            content: "The demo duplicate is found, the dialog keeps its title",
            trigger:
                ".modal:has(.modal-title:contains('Find Duplicates')) .o_field_widget[name='group_ids'] .o_data_row td[name='record_names']:contains('Пётр Иванов')",
        },
        {
            content: "The count reads as a sentence",
            trigger: ".modal .o_field_widget[name='summary']:contains('of duplicates')",
        },
        {
            content: "Phone and e-mail: the two Ivanovs have different e-mails",
            trigger: ".modal .o_field_widget[name='by_email'] input",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='by_email'] input:checked",
        },
        {
            trigger: ".modal button[name='action_find']",
            run: "click",
        },
        {
            content: "Nothing shares both: the dialog says so",
            trigger:
                ".modal:has(.modal-title:contains('Find Duplicates')) .alert:contains('No duplicates found')",
        },
    ],
});

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_merge", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_contacts"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Иванов",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The search is applied",
            trigger: ".o_searchview_facet:contains('Иванов')",
        },
        {
            content: "Open the contact that works at СтройМастер",
            trigger:
                ".o_data_row:has(td[name='parent_id']:contains('СтройМастер')) td[name='last_name']:contains('Иванов')",
            run: "click",
        },
        {
            content: "The card warns about a duplicate by phone",
            trigger: ".o_form_view button[name='action_view_duplicates']:contains(1)",
            run: "click",
        },
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Merge Records')",
            run: "click",
        },
        {
            content: "Two records: two value columns, no third one",
            trigger:
                ".modal .o_field_widget[name='line_ids'] thead:has(th[data-name='value_2']):not(:has(th[data-name='value_3'])):not(:has(th[data-name='choice']))",
        },
        {
            content: "Keep the e-mail of the second record",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:has(td[name='field_label']:contains('Email')) td[name='choice_of_two']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids'] .o_selected_row td[name='choice_of_two'] select",
            run: 'select "2"',
        },
        {
            trigger: ".modal button[name='action_merge']",
            run: "click",
        },
        {
            content: "Back on the kept contact, with the chosen e-mail",
            trigger: ".o_form_view .o_field_widget[name='email'] input:value(ivanov.petr@gmail.com)",
        },
    ],
});

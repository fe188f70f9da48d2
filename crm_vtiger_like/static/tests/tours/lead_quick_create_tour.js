import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_lead_quick_create", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_leads"]',
            run: "click",
        },
        {
            content: "Switch to the kanban, one column per lead status",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Not Contacted')) .o_kanban_quick_add",
            run: "click",
        },
        {
            content: "The short card marks the last name as required",
            trigger: ".o_kanban_quick_create .o_field_widget.o_required_modifier[name='last_name'] input[placeholder='Required']",
        },
        {
            content: "vtiger's card: first name and organization, no last name",
            trigger: ".o_kanban_quick_create .o_field_widget[name='first_name'] input",
            run: "edit Тамара",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name='partner_name'] input",
            run: "edit ООО «Тест»",
        },
        {
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            content: "The missing last name is refused",
            trigger: ".o_kanban_quick_create .o_field_widget[name='last_name'].o_field_invalid",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name='last_name'] input",
            run: "edit Тестова",
        },
        {
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            content: "The card shows the new lead with its LEA number",
            trigger: ".o_kanban_record:contains('Тамара Тестова') span:contains(LEA)",
        },
        {
            content: "Back to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "vtiger's default columns",
            trigger: [
                "lead_no", "first_name", "last_name", "partner_name", "phone", "website", "email_from", "user_id",
            ].map((name) => `th[data-name='${name}']`).join(" ~ "),
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Тестова') td[name='lead_no']:contains(LEA)",
        },
    ],
});

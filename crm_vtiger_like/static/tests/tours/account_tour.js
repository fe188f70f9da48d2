import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_vtiger_like_account", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_accounts"]',
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The account name (Odoo's company autocomplete field)",
            trigger: ".o_form_view .o_field_widget[name='name'] :is(input, textarea)",
            run: "edit ООО «Тур Контрагент»",
        },
        {
            content: "A Russian account's Tax ID is its INN, with a Russian example",
            trigger: ".o_form_view .o_field_widget[name='vat'] input[placeholder='e.g. 7707083893']",
        },
        {
            content: "A phone typed the Russian way",
            trigger: ".o_form_view .o_field_widget[name='phone'] input",
            run: "edit 8 912 345 67 89",
        },
        {
            content: "An INN with a wrong check digit",
            trigger: ".o_form_view .o_field_widget[name='vat'] input",
            run: "edit 7707083894",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Refused with a clear message",
            trigger: ".modal:contains(check digits do not match)",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='vat'] input",
            run: "edit 7707083893",
        },
        ...stepUtils.saveForm(),
        {
            content: "Saved with its account number",
            trigger: ".o_form_view .o_field_widget[name='account_no']:contains(ACC)",
        },
        {
            trigger: ".o_notebook a[name='contact_addresses']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='child_ids'] .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='type'] input[data-value='contact']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='last_name'] input",
            run: "edit Турова",
        },
        {
            trigger: ".modal .o_field_widget[name='first_name'] input",
            run: "edit Тамара",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The contact is on the account card",
            trigger: ".o_field_widget[name='child_ids'] .o_kanban_record:contains('Тамара Турова')",
        },
        ...stepUtils.saveForm(),
    ],
});

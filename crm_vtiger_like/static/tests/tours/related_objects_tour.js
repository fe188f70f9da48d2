import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const ACCOUNT = "ООО «СтройМастер»";
const PRODUCT = "Гипсокартон влагостойкий 12,5 мм";
const DEAL = "Тур: гипсокартон для офиса СтройМастер";
// the demo account's counters before the tour (checked by the Python test)
const PRODUCTS_BEFORE = 2;
const DEALS_BEFORE = 0; // the demo deal of the account is not the rep's own

/**
 * The card's button box shows a few smart buttons, the others are under
 * "More": open it when the button is not in the box itself.
 */
function showStatButton(name) {
    return {
        content: `Show the smart button ${name}, under "More" if the box is full`,
        trigger: ".o_form_view .o-form-buttonbox",
        async run(helpers) {
            if (!document.querySelector(`button[name='${name}']`)) {
                await helpers.click(".o_form_view .o-form-buttonbox .o_button_more");
            }
        },
    };
}

function statValue(name, value) {
    return `button[name='${name}'] .o_stat_value:contains(/^${value}$/)`;
}

registry.category("web_tour.tours").add("crm_vtiger_like_related_objects", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_accounts"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit СтройМастер",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The search is applied",
            trigger: ".o_searchview_facet:contains('СтройМастер')",
        },
        {
            content: "Open the demo account",
            trigger: `.o_list_view .o_data_row td[name='name']:contains('${ACCOUNT}')`,
            run: "click",
        },
        {
            content: "The account card",
            trigger: ".o_form_view .o_field_widget[name='account_no']:contains(ACC)",
        },
        showStatButton("action_view_vtiger_products"),
        {
            content: "The account's products counter (services are counted apart)",
            trigger: statValue("action_view_vtiger_products", PRODUCTS_BEFORE),
        },
        {
            content: "The related products and services: a tab of the card",
            trigger: ".o_notebook a[name='vtiger_products']",
            run: "click",
        },
        {
            content: "The products already linked to the account",
            trigger: ".o_field_widget[name='product_ids'] .o_data_row:contains('Кирпич облицовочный')",
        },
        {
            trigger: ".o_field_widget[name='product_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The dialog lists the existing products",
            trigger: ".modal .o_list_view .o_data_row",
        },
        {
            trigger: ".modal .o_searchview_input",
            run: `edit ${PRODUCT}`,
        },
        {
            trigger: ".modal .o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Select the demo product",
            trigger: `.modal .o_data_row:contains('${PRODUCT}') .o_list_record_selector input`,
            run: "click",
        },
        {
            trigger: ".modal .modal-footer .o_select_button:enabled",
            run: "click",
        },
        {
            content: "The product is a line of the card's list",
            trigger: `body:not(:has(.modal)) .o_field_widget[name='product_ids'] .o_data_row:contains('${PRODUCT}')`,
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The card is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        showStatButton("action_view_vtiger_products"),
        {
            content: "One product more on the counter",
            trigger: statValue("action_view_vtiger_products", PRODUCTS_BEFORE + 1),
        },
        showStatButton("action_view_opportunity"),
        {
            content: "crm's Opportunities are vtiger's Deals",
            trigger: `button[name='action_view_opportunity']:has(.o_stat_text:contains(Deals)) .o_stat_value:contains(/^${DEALS_BEFORE}$/)`,
            run: "click",
        },
        {
            content: "The account's deals",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The rep has no deal of the account yet",
            trigger: ".o_action_manager .o_list_view",
        },
        {
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "A new deal of the account",
            trigger: `.o_form_view .o_field_widget[name='partner_id'] input:value(${ACCOUNT})`,
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] textarea",
            run: `edit ${DEAL}`,
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The deal is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Back to the account",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${ACCOUNT}')`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='account_no']:contains(ACC)",
        },
        showStatButton("action_view_opportunity"),
        {
            content: "One deal more on the account",
            trigger: statValue("action_view_opportunity", DEALS_BEFORE + 1),
            run: "click",
        },
        {
            content: "The new deal is among the account's deals",
            trigger: `.o_action_manager .o_kanban_record:contains('${DEAL}'), .o_action_manager .o_data_row:contains('${DEAL}')`,
        },
    ],
});

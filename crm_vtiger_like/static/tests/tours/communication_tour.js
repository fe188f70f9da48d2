import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const SUMMARY = "Тур: КП на кресла для переговорной";

registry.category("web_tour.tours").add("crm_vtiger_like_communication", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_accounts"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit МедФарм",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The search is applied",
            trigger: ".o_searchview_facet:contains('МедФарм')",
        },
        {
            content: "Open the demo account",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('МедФарм')",
            run: "click",
        },
        {
            content: "The account card, with its vtiger number",
            trigger: ".o_form_view .o_field_widget[name='account_no']:contains(ACC)",
        },
        {
            content: "Communications: the first tab of the card",
            trigger: ".o_notebook a[name='vtiger_communications']",
            run: "click",
        },
        {
            trigger: ".o_notebook button[name='action_log_communication']",
            run: "click",
        },
        {
            content: "The short form, the client already filled in",
            trigger: ".modal .o_field_widget[name='partner_id'] input:value(МедФарм)",
        },
        {
            trigger: ".modal .o_field_widget[name='channel'] select",
            run: 'select "call"',
        },
        {
            content: "A call shows its duration",
            trigger: ".modal .o_field_widget[name='call_duration'] input",
            run: "edit 04:30",
        },
        {
            trigger: ".modal .o_field_widget[name='direction'] input[data-value='outbound']",
            run: "click",
        },
        {
            content: "A follow-up: classified by its purpose",
            trigger: ".modal .o_field_widget[name='purpose_id'] input",
            run: "edit Send a quote",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Send a quote')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: `edit ${SUMMARY}`,
        },
        {
            trigger: ".modal .modal-footer button.btn-primary:contains(Save)",
            run: "click",
        },
        {
            content: "The new communication heads the card's list, as a repeat one",
            trigger: `.o_field_widget[name='account_communication_ids'] .o_data_row:first-child:has(td[name='summary']:contains('${SUMMARY}')):has(td[name='purpose_id']:contains('Send a quote')):has(td[name='kind']:contains('Repeat'))`,
        },
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm.crm_menu_report"]',
            run: "click",
        },
        {
            trigger:
                '.o-dropdown--menu [data-menu-xmlid="crm_vtiger_like.menu_crm_report_communication_purpose"]',
            run: "click",
        },
        {
            content: "The report opens on its chart",
            trigger: ".o_action_manager:has(.o_control_panel:contains('Repeat Communications by Purpose')) .o_graph_view",
        },
        {
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The purpose is a row of the pivot",
            trigger: ".o_pivot tbody th:contains('Send a quote')",
        },
        {
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The communication is in the report's list",
            trigger: `.o_list_view .o_data_row:has(td[name='summary']:contains('${SUMMARY}')) td[name='purpose_id']:contains('Send a quote')`,
        },
    ],
});

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** Steps opening, from CRM > Leads, the lead of the person named ``lastName``. */
function openLead(lastName) {
    return [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_leads"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: `edit ${lastName}`,
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: `.o_list_view .o_data_row:contains('${lastName}') td[name='last_name']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_vtiger_like_convert", {
    url: "/odoo",
    steps: () => [
        ...openLead("Тарасов"),
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
            content: "The toast says what was made, with links",
            trigger: ".o_notification:contains(POT):contains(created) a:contains(ВолгаТранс)",
        },
        {
            content: "Landed on the new deal, with its numbers labelled",
            trigger: ".o_form_view [name='vtiger_numbers']:has(label:contains(Lead No)) .o_field_widget[name='deal_no']:contains(POT)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(/Тарасов/)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_vtiger_like_convert_without_deal", {
    url: "/odoo",
    steps: () => [
        ...openLead("Соловьёв"),
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

// Russian-speaking sales rep: vtiger's words from the Leads menu to the wizard
const notOdooWords = ":not(:contains(Лиды)):not(:contains(Возможность)):not(:contains(возможность))";
registry.category("web_tour.tours").add("crm_vtiger_like_convert_ru", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            content: "The CRM menu says Обращения, never Лиды",
            trigger: `.o_main_navbar${notOdooWords} [data-menu-xmlid="crm_vtiger_like.menu_crm_leads"]`,
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Воробьёв",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The leads list in vtiger's words",
            trigger: `.o_action_manager${notOdooWords} .o_list_view .o_data_row:contains('Воробьёв') td[name='last_name']`,
            run: "click",
        },
        {
            content: "The lead card in vtiger's words, its number labelled",
            trigger: `.o_action_manager${notOdooWords} .o_form_view [name='vtiger_numbers']:contains(Обращение №):contains(LEA)`,
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[data-hotkey='v']",
            run: "click",
        },
        {
            content: "The wizard in vtiger's words",
            trigger: `.modal${notOdooWords}:not(:contains(Конвертировать)) .o_field_widget[name='vtiger_preview']:contains(Тест-Конверт)`,
        },
        {
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The toast names the deal and links its account and contact",
            trigger: ".o_notification:contains(POT) a:contains(Тест-Конверт)",
        },
        {
            content: "The deal shows both numbers, labelled",
            trigger: `.o_action_manager${notOdooWords} .o_form_view [name='vtiger_numbers']:contains(Сделка №):contains(POT):contains(Обращение №)`,
        },
    ],
});

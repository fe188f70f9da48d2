import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// three demo contacts (demo/res_partner_demo.xml), by last name
const CONTACTS = ["Иванов", "Соколова", "Морозов"];
const COMMENT = "Тур: позвонить после праздников";
const SMS = "Тур: скидка 10% до пятницы";

function row(lastName) {
    return `.o_list_view .o_data_row:has(td[name='last_name']:contains('${lastName}'))`;
}

/** Select the three contacts in the list (those not selected yet). */
function selectContacts() {
    return CONTACTS.map((lastName) => ({
        content: `Select ${lastName}`,
        trigger: `${row(lastName)} .o_list_record_selector input`,
        async run(helpers) {
            if (!this.anchor.checked) {
                await helpers.click();
            }
        },
    }));
}

/** Unselect every row, so that a click on a cell opens the card. */
function unselectAll() {
    return CONTACTS.map((lastName) => ({
        content: `Unselect ${lastName}`,
        trigger: `${row(lastName)} .o_list_record_selector input`,
        async run(helpers) {
            if (this.anchor.checked) {
                await helpers.click();
            }
        },
    }));
}

function listAction(name) {
    return [
        {
            content: "Three contacts are selected",
            trigger: ".o_list_selection_box:contains(3)",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: `Action: ${name}`,
            trigger: `.o-dropdown--menu span:contains(/^${name}$/)`,
            run: "click",
        },
    ];
}

function seeCommentOn(lastName) {
    return [
        {
            content: `Open the card of ${lastName}`,
            trigger: `${row(lastName)} td[name='last_name']`,
            run: "click",
        },
        {
            content: `The comment is on the card of ${lastName}`,
            trigger: `.o_form_view .o-mail-Chatter .o-mail-Message:contains('${COMMENT}')`,
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            trigger: ".o_list_view",
        },
    ];
}

registry.category("web_tour.tours").add("crm_vtiger_like_mass_actions", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm_vtiger_like.menu_crm_contacts"]',
            run: "click",
        },
        ...selectContacts(),
        ...listAction("Add Comment"),
        {
            content: "The wizard counts the selected records",
            trigger: ".modal .o_field_widget[name='record_count']:contains(3)",
        },
        {
            content: "Write the comment",
            trigger: ".modal .o_field_html[name='body'] .odoo-editor-editable div.o-paragraph",
            run: `editor ${COMMENT}`,
        },
        {
            content: "Add it",
            trigger: ".modal footer button[name='action_post']",
            run: "click",
        },
        {
            content: "Told what was done",
            trigger: ".o_notification:contains('Comment added to 3 records')",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        ...selectContacts(),
        ...listAction("Send SMS"),
        {
            content: "Write the SMS",
            trigger: ".modal .o_field_widget[name='body'] textarea",
            run: `edit ${SMS}`,
        },
        {
            content: "Send it (through the SMS queue)",
            trigger: ".modal footer button[name='action_send_sms']",
            run: "click",
        },
        {
            content: "The composer is closed",
            trigger: "body:not(:has(.modal))",
        },
        ...unselectAll(),
        ...CONTACTS.flatMap(seeCommentOn),
    ],
});

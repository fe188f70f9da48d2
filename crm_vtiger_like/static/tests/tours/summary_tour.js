import { registry } from "@web/core/registry";

const ACCOUNT = "ООО «СтройМастер»";
const CONTACT = "Пётр Иванов";
const DEAL = "Поставка кирпича для ЖК «Северный»";
// the company default layout of an account card and the demo account's
// counters as the sales manager sees them (checked by the Python test)
const DEFAULT_LAYOUT = [
    ["communications", "timeline", "Communications", 5],
    ["deals", "cards", "Deals", 1],
    ["activities", "list", "Activities", 0],
    ["contacts", "cards", "Contacts", 2],
    ["documents", "cards", "Documents", 0],
    ["messages", "list", "Chatter Highlights", 0],
];

function widget(source) {
    return `.o_crm_summary_grid > .o_crm_summary_widget[data-source='${source}']`;
}

/** A saved card opens on its Summary tab, the first one. */
const summaryTabFirst = [
    {
        content: "The card opens on the Summary tab, its first one",
        trigger: ".o_notebook .o_notebook_headers .nav-item:first-child a.nav-link.active[name='vtiger_summary']",
    },
];

/** Opens the options menu of a widget and clicks one of its items. */
function widgetMenu(source, item, content) {
    return [
        {
            content: `Open the menu of the ${source} widget`,
            trigger: `${widget(source)} .o_crm_summary_menu_toggle`,
            run: "click",
        },
        {
            content,
            trigger: `.o_crm_summary_menu ${item}`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_vtiger_like_summary_default", {
    steps: () => [
        ...summaryTabFirst,
        {
            content: "The summary of the account is loaded",
            trigger: ".o_crm_summary[data-card='account'] .o_crm_summary_grid",
        },
        ...DEFAULT_LAYOUT.map(([source, design, name, count], index) => ({
            content: `Widget ${index + 1} of the company default: ${name} (${count}), design ${design}`,
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:nth-child(${index + 1})[data-source='${source}'][data-design='${design}'] .o_crm_summary_title:contains(/^${name} \\(${count}\\)$/)`,
        })),
        {
            content: "Nothing else on the tab (Sales is not installed)",
            trigger: `.o_crm_summary_grid:not(:has(> .o_crm_summary_widget:nth-child(${DEFAULT_LAYOUT.length + 1})))`,
        },
        {
            content: "The contacts of the account are small cards with their avatars",
            trigger: `${widget("contacts")} .o_crm_summary_cards .o_crm_summary_card img.o_crm_summary_avatar.rounded-circle`,
        },
        {
            content: "The default layout is not the user's own: no reset",
            trigger: ".o_crm_summary_toolbar:not(:has(.o_crm_summary_reset))",
        },
        {
            content: "The deal is a small card with its stage and amount",
            trigger: `${widget("deals")} .o_crm_summary_card:has(.o_crm_summary_badge):has(.o_crm_summary_amount)`,
        },
        {
            content: "The communications are a timeline by day, with the channel's icon and the time",
            trigger: `${widget("communications")} .o_crm_summary_timeline .o_crm_summary_day + .o_crm_summary_timeline_items .o_crm_summary_timeline_item:has(.o_crm_summary_timeline_icon .fa):has(.o_crm_summary_time:contains(/\\d:\\d{2}/))`,
        },
        {
            content: "No activity: the widget says so",
            trigger: `${widget("activities")} .o_crm_summary_empty:contains(No activities planned)`,
        },
        ...widgetMenu("documents", ".o_crm_summary_size[data-size='large']", "Make the documents full width"),
        {
            content: "The documents take the full width",
            trigger: `${widget("documents")}[data-size='large'].col-lg-12`,
        },
        {
            content: "Back to the company default",
            trigger: ".o_crm_summary_toolbar .o_crm_summary_reset",
            run: "click",
        },
        {
            content: "The documents are small again, the layout is the default",
            trigger: `.o_crm_summary:not(:has(.o_crm_summary_reset)) ${widget("documents")}[data-size='small'].col-lg-4`,
        },
        {
            content: "Open all the contacts of the account",
            trigger: `${widget("contacts")} .o_crm_summary_open_all`,
            run: "click",
        },
        {
            content: "The account's 2 contacts (its delivery address is not one)",
            trigger: ".o_action_manager:not(:has(.o_crm_summary)) .o_control_panel .o_pager_value:contains(/^1-2$/)",
        },
        {
            content: "Back to the account",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${ACCOUNT}')`,
            run: "click",
        },
        {
            content: "Open a contact from its card",
            trigger: `${widget("contacts")} .o_crm_summary_card.o_crm_summary_clickable[data-res-model='res.partner']:contains(${CONTACT})`,
            run: "click",
        },
        {
            content: "The contact's card, with its own summary",
            trigger: `.o_breadcrumb .active:contains(${CONTACT})`,
        },
        ...summaryTabFirst,
        {
            content: "The contact's own summary",
            trigger: ".o_crm_summary[data-card='contact'] .o_crm_summary_grid .o_crm_summary_widget[data-source='communications']",
        },
        {
            content: "A new contact",
            trigger: ".o_control_panel .o_form_button_create",
            run: "click",
        },
        ...summaryTabFirst,
        {
            content: "A new card has no summary until it is saved",
            trigger: ".o_crm_summary .o_crm_summary_new:contains(Save the card to see its summary)",
        },
        {
            trigger: ".o_control_panel .o_form_button_cancel",
            run: "click",
        },
        ...summaryTabFirst,
        {
            content: "Back on a saved card, the deal opens from the summary",
            trigger: `.o_crm_summary ${widget("deals")} .o_crm_summary_record[data-res-model='crm.lead']:contains(${DEAL})`,
            run: "click",
        },
        {
            content: "The deal's card",
            trigger: `.o_breadcrumb .active:contains(${DEAL})`,
        },
        ...summaryTabFirst,
        {
            content: "The deal's summary",
            trigger: ".o_crm_summary[data-card='deal'] .o_crm_summary_grid .o_crm_summary_widget",
        },
    ],
});

registry.category("web_tour.tours").add("crm_vtiger_like_summary_rep_layout", {
    steps: () => [
        ...summaryTabFirst,
        {
            content: "The company default: the deals are the second widget, as cards",
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:nth-child(2)[data-source='deals'][data-design='cards']`,
        },
        {
            content: "The deal of another salesperson is neither counted nor listed for the rep",
            trigger: `${widget("deals")} .o_crm_summary_title:contains(/^Deals \\(0\\)$/)`,
        },
        ...widgetMenu(
            "deals",
            ".o_crm_summary_design[data-design='counter']",
            "Show the deals as a counter"
        ),
        {
            content: "The deals are a big number",
            trigger: `${widget("deals")}[data-design='counter'] .o_crm_summary_counter_value:contains(/^0$/)`,
        },
        {
            content: "The layout is now the rep's own: it can be reset",
            trigger: ".o_crm_summary_toolbar .o_crm_summary_reset",
        },
        ...widgetMenu("deals", ".o_crm_summary_move_up", "Move the deals up"),
        {
            content: "The deals are the first widget",
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:first-child[data-source='deals'][data-design='counter']`,
        },
        {
            content: "The communications come second",
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:nth-child(2)[data-source='communications']`,
        },
        {
            content: "Drag the contacts before the activities",
            trigger: `${widget("contacts")} .o_crm_summary_handle`,
            run: `drag_and_drop ${widget("activities")} .o_crm_summary_header`,
        },
        {
            content: "The contacts come third, the activities fourth",
            trigger: `.o_crm_summary_grid:has(> .o_crm_summary_widget:nth-child(3)[data-source='contacts']) > .o_crm_summary_widget:nth-child(4)[data-source='activities']`,
        },
        {
            content: "Reload the page",
            trigger: ".o_crm_summary_grid",
            run() {
                location.reload();
            },
            expectUnloadPage: true,
        },
        ...summaryTabFirst,
        {
            content: "After the reload the deals are still first, as a counter",
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:first-child[data-source='deals'][data-design='counter'] .o_crm_summary_counter_value`,
        },
        {
            content: "and the contacts before the activities",
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:nth-child(3)[data-source='contacts'] + .o_crm_summary_widget[data-source='activities']`,
        },
        {
            content: "The menu of the first widget has no Move up",
            trigger: `${widget("deals")} .o_crm_summary_menu_toggle`,
            run: "click",
        },
        {
            content: "The current design is checked",
            trigger: ".o_crm_summary_menu:not(:has(.o_crm_summary_move_up)) .o_crm_summary_design.o_crm_summary_selected[data-design='counter']",
        },
        {
            content: "Close the menu",
            trigger: `${widget("deals")} .o_crm_summary_menu_toggle`,
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_crm_summary_menu))",
        },
    ],
});

registry.category("web_tour.tours").add("crm_vtiger_like_summary_phone", {
    steps: () => [
        ...summaryTabFirst,
        {
            content: "The widgets of the summary are loaded",
            trigger: `.o_crm_summary_grid > .o_crm_summary_widget:nth-child(${DEFAULT_LAYOUT.length})`,
        },
        {
            content: "On a phone every widget takes the full width, one under the other",
            trigger: ".o_crm_summary_grid",
            run() {
                if (window.innerWidth >= 576) {
                    throw new Error(`Not a phone: the window is ${window.innerWidth}px wide`);
                }
                const grid = document.querySelector(".o_crm_summary_grid");
                const width = grid.getBoundingClientRect().width;
                let bottom = -Infinity;
                for (const el of grid.querySelectorAll(":scope > .o_crm_summary_widget")) {
                    const rect = el.getBoundingClientRect();
                    if (Math.abs(rect.width - width) > 1 || rect.top < bottom) {
                        throw new Error(
                            `The ${el.dataset.source} widget is ${rect.width}px wide out of ${width}px`
                        );
                    }
                    bottom = rect.bottom;
                }
            },
        },
    ],
});

import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// three small vtiger list exports, as vtiger writes them (every cell quoted)
const LEADS = [
    `"Lead No","First Name","Last Name","Company","Phone","Lead Source","Рекомендовал"`,
    `"LEA90001","Олег","Турский","ООО «Тур Лид»","+7 495 700-30-40","Tour Expo","Иван Советов"`,
].join("\n");
const ACCOUNTS = [
    `"Контрагент","Контрагент №","Основной Телефон","Регион"`,
    `"ООО «Тур Импорт»","ACC90001","+7 495 700-10-20","Поволжье"`,
].join("\n");
const CONTACTS = [
    `"Контакт Id","Имя","Фамилия","Контрагент","Основной Адрес Электронной Почты","День рождения"`,
    `"CON90001","Анна","Импортова","ООО «Тур Импорт»","anna@tour-import.ru","25-03-1990"`,
    `"CON90002","Пётр","","ООО «Тур Импорт»","petr@tour-import.ru",""`,
].join("\n");

const WIZARD = ".modal .o_crm_vtiger_migration";
const FOOTER = ".modal .modal-footer";

registry.category("web_tour.tours").add("crm_vtiger_like_migration", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: '.o_main_navbar [data-menu-xmlid="crm.crm_menu_config"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="crm_vtiger_like.menu_crm_vtiger_migration_wizard"]',
            run: "click",
        },
        {
            content: "Upload the Leads, Accounts and Contacts exports",
            trigger: `${WIZARD} .o_field_many2many_binary .o_attach`,
            async run() {
                await inputFiles(`${WIZARD} .o_field_many2many_binary .o_input_file`, [
                    new File([LEADS], "Leads.csv", { type: "text/csv" }),
                    new File([ACCOUNTS], "Accounts.csv", { type: "text/csv" }),
                    new File([CONTACTS], "Contacts.csv", { type: "text/csv" }),
                ]);
            },
        },
        {
            trigger: `${WIZARD} .o_attachment[title='Leads.csv']`,
        },
        {
            trigger: `${WIZARD} .o_attachment[title='Accounts.csv']`,
        },
        {
            trigger: `${WIZARD} .o_attachment[title='Contacts.csv']`,
        },
        {
            trigger: `${FOOTER} button[name='action_analyse']`,
            run: "click",
        },
        {
            content: "Each file's module and language are recognised",
            trigger: `${WIZARD} [name='file_ids'] .o_data_row:has(td[name='filename']:contains(Accounts.csv)):has(td[name='kind']:contains(Accounts)) td[name='lang']:contains(Russian)`,
        },
        {
            trigger: `${WIZARD} [name='file_ids'] .o_data_row:has(td[name='filename']:contains(Leads.csv)):has(td[name='kind']:contains(Leads)) td[name='lang']:contains(English)`,
        },
        {
            content: "The contacts' two rows",
            trigger: `${WIZARD} [name='file_ids'] .o_data_row:has(td[name='filename']:contains(Contacts.csv)) td[name='row_count']:contains(2)`,
        },
        {
            content: "The date format guessed from the birthdays",
            trigger: `${WIZARD} .o_field_widget[name='date_format'] select:has(option:checked:contains(dd-mm-yyyy))`,
        },
        {
            content: "The custom column goes to the description",
            trigger: `${WIZARD} [name='column_ids'] .o_data_row:has(td[name='header']:contains(Регион)) td[name='target']:contains(Add to the Description)`,
        },
        {
            content: "Another one goes to a field of the lead",
            trigger: `${WIZARD} [name='column_ids'] .o_data_row:has(td[name='header']:contains(Рекомендовал)) td[name='field_id']`,
            run: "click",
        },
        {
            trigger: `${WIZARD} [name='column_ids'] .o_selected_row .o_field_widget[name='field_id'] input`,
            run: "edit Referred",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Referred By (referred))",
            run: "click",
        },
        {
            trigger: `${WIZARD} [name='column_ids'] .o_data_row:has(td[name='header']:contains(Рекомендовал)) td[name='target']:contains(Import into a Field)`,
        },
        {
            content: "Dry run",
            trigger: `${FOOTER} button[name='action_check']`,
            run: "click",
        },
        {
            content: "What the import will create",
            trigger: `${WIZARD} [name='count_ids'] .o_data_row:has(td[name='kind']:contains(Accounts)) td[name='created']:contains(1)`,
        },
        {
            trigger: `${WIZARD} [name='count_ids'] .o_data_row:has(td[name='kind']:contains(Contacts)) td[name='skipped']:contains(1)`,
        },
        {
            trigger: `${WIZARD} [name='count_ids'] .o_data_row:has(td[name='kind']:contains(Leads)) td[name='created']:contains(1)`,
        },
        {
            content: "The row without a last name, with its file and line",
            trigger: `${WIZARD} [name='problem_ids'] .o_data_row:has(td[name='filename']:contains(Contacts.csv)) td[name='line']:contains(3)`,
        },
        {
            trigger: `${WIZARD} .o_field_widget[name='new_values']:contains(Tour Expo)`,
        },
        {
            trigger: `${WIZARD} .o_field_widget[name='unmapped_columns']:contains(Регион)`,
        },
        {
            trigger: `${FOOTER} button[name='action_import']`,
            run: "click",
        },
        {
            content: "Imported",
            trigger: ".o_notification:contains(Import from vtiger done):contains(3 records created)",
        },
        {
            trigger: `${FOOTER} button[name='action_open_accounts']`,
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='name']:contains(ООО «Тур Импорт»)",
            run: "click",
        },
        {
            content: "The account keeps its vtiger number",
            trigger: ".o_form_view .o_field_widget[name='account_no']:contains(ACC90001)",
        },
        {
            trigger: ".o_notebook a[name='contact_addresses']",
            run: "click",
        },
        {
            content: "and has its contact",
            trigger: ".o_field_widget[name='child_ids'] .o_kanban_record:contains(Анна Импортова)",
        },
    ],
});

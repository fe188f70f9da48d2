"""The columns of the vtiger-style import templates, one table for the
template files, the import wizard and Odoo's standard import.

Each column maps a header of the file (the Russian label of the vtiger card,
its English label or an alias, compared without case and spaces) to one of
our fields, with the type that decides how a cell is read:

char, text, number (our vtiger number, kept if unique), phone, email, url,
inn, date, boolean, integer, float, many2one (a record of ``model`` by its
name in any installed language), user (by name or login), country (by name
or ISO code), account / contact (by vtiger number or exact name).
"""

from collections import namedtuple

Column = namedtuple("Column", "field label label_ru type model example aliases", defaults=(None, "", ()))

# kind -> model, the fields an imported record gets, the domain of its kind
# (duplicates are looked for among records of that kind), the number field
# and the field that must be filled
ImportKind = namedtuple("ImportKind", "model defaults domain number_field required")

KINDS = {
    "leads": ImportKind("crm.lead", {"type": "lead"}, [("type", "=", "lead")], "lead_no", "last_name"),
    "accounts": ImportKind("res.partner", {"is_company": True}, [("is_company", "=", True)], "account_no", "name"),
    "contacts": ImportKind(
        "res.partner",
        {"is_company": False, "type": "contact"},
        [("is_company", "=", False), ("type", "=", "contact")],
        "contact_no",
        "last_name",
    ),
}

_ADDRESS = (
    Column("street", "Street", "Адрес", "char", example="ул. Тверская, д. 7", aliases=("Улица", "Address")),
    Column("city", "City", "Город", "char", example="Москва"),
    Column("zip", "Postal Code", "Индекс", "char", example="125009", aliases=("Zip", "Почтовый индекс")),
    Column("country_id", "Country", "Страна", "country", example="Россия"),
)

_SOCIAL = (
    Column(
        "vk_url", "VKontakte URL", "ВКонтакте URL", "url", example="https://vk.com/romashka", aliases=("ВКонтакте",)
    ),
    Column("twitter_url", "Twitter URL", "Twitter", "url"),
    Column("facebook_url", "Facebook URL", "Facebook", "url"),
)

COLUMNS = {
    "leads": (
        Column("lead_no", "Lead No", "Обращение №", "number", aliases=("Lead Number", "Номер обращения")),
        Column("first_name", "First Name", "Имя", "char", example="Пётр"),
        Column("middle_name", "Middle Name", "Отчество", "char", example="Сергеевич"),
        Column("last_name", "Last Name", "Фамилия", "char", example="Иванов"),
        Column("partner_name", "Company", "Организация", "char", example="ООО «Ромашка»", aliases=("Organization",)),
        Column("function", "Title", "Должность", "char", example="Директор", aliases=("Job Position",)),
        Column("phone", "Phone", "Телефон", "phone", example="+7 495 123-45-67"),
        Column("mobile", "Mobile", "Мобильный телефон", "phone", example="8 912 555-01-23", aliases=("Моб. тел.",)),
        Column("fax", "Fax", "Факс", "phone"),
        Column("email_from", "Email", "E-mail", "email", example="ivanov@romashka.ru", aliases=("Эл. почта",)),
        Column("email_secondary", "Secondary Email", "Второй E-mail", "email"),
        Column("website", "Website", "Веб-сайт", "url", example="romashka.ru", aliases=("Сайт",)),
        Column("source_id", "Lead Source", "Источник обращения", "many2one", "utm.source", "2GIS"),
        Column(
            "lead_status_id",
            "Lead Status",
            "Статус обращения",
            "many2one",
            "crm.lead.status",
            "Связались",
            aliases=("Статус", "Status"),
        ),
        Column("rating_id", "Rating", "Рейтинг", "many2one", "crm.vtiger.rating", "Активно"),
        Column("industry_id", "Industry", "Отрасль", "many2one", "res.partner.industry"),
        Column("annual_revenue", "Annual Revenue", "Годовой доход", "float", example="1 500 000,00"),
        Column(
            "employee_count",
            "No Of Employees",
            "Кол-во сотрудников",
            "integer",
            example="25",
            aliases=("Employees", "Количество сотрудников"),
        ),
        Column("user_id", "Assigned To", "Ответственный", "user", aliases=("Salesperson",)),
        *_ADDRESS,
        Column("vat", "INN", "ИНН", "inn", example="7707083893"),
        *_SOCIAL,
        Column("email_opt_out", "Email Opt Out", "Не отправлять E-mail", "boolean", example="Нет"),
        Column("description", "Description", "Описание", "text", example="Просит перезвонить после обеда"),
    ),
    "accounts": (
        Column("account_no", "Account No", "Контрагент №", "number", aliases=("Account Number", "Номер контрагента")),
        Column(
            "name",
            "Account Name",
            "Контрагент",
            "char",
            example="ООО «Ромашка»",
            aliases=("Название контрагента", "Organization Name"),
        ),
        Column("short_name", "Short Name", "Краткое название", "char", example="Ромашка"),
        Column("phone", "Phone", "Телефон", "phone", example="+7 495 123-45-67"),
        Column("phone_other", "Other Phone", "Другой тел.", "phone", aliases=("Другой телефон",)),
        Column("fax", "Fax", "Факс", "phone"),
        Column("email", "Email", "E-mail", "email", example="info@romashka.ru", aliases=("Эл. почта",)),
        Column("email_secondary", "Other Email", "Второй E-mail", "email", aliases=("Secondary Email", "Доп. E-mail")),
        Column("website", "Website", "Веб-сайт", "url", example="romashka.ru", aliases=("Сайт",)),
        Column("user_id", "Assigned To", "Ответственный", "user", aliases=("Salesperson",)),
        Column("industry_id", "Industry", "Отрасль", "many2one", "res.partner.industry"),
        Column("member_of_id", "Member Of", "Входит в группу", "account"),
        Column("annual_revenue", "Annual Revenue", "Годовой доход", "float", example="120 000 000"),
        Column(
            "employee_count",
            "Employees",
            "Кол-во сотрудников",
            "integer",
            example="250",
            aliases=("No Of Employees", "Количество сотрудников"),
        ),
        Column("rating_id", "Rating", "Рейтинг", "many2one", "crm.vtiger.rating", "Активно"),
        Column("ownership", "Ownership", "Форма собственности", "char", example="ООО", aliases=("Форма",)),
        Column("vat", "INN", "ИНН", "inn", example="7707083893"),
        Column("kpp", "KPP", "КПП", "char", example="770701001"),
        Column(
            "account_type_id",
            "Type",
            "Тип",
            "many2one",
            "crm.account.type",
            "Клиент",
            aliases=("Account Type", "Тип контрагента"),
        ),
        Column("classifier_code", "Classifier Code", "Код по классификатору", "char", example="46.73"),
        Column("notify_owner", "Notify Owner", "Уведомлять ответственного", "boolean", example="Нет"),
        *_ADDRESS,
        *_SOCIAL,
        Column("email_opt_out", "Email Opt Out", "Не отправлять E-mail", "boolean", example="Нет"),
        Column("comment", "Description", "Описание", "text", example="Оптовый покупатель"),
    ),
    "contacts": (
        Column("contact_no", "Contact No", "Контакт №", "number", aliases=("Contact Number", "Номер контакта")),
        Column("first_name", "First Name", "Имя", "char", example="Анна"),
        Column("middle_name", "Middle Name", "Отчество", "char", example="Петровна"),
        Column("last_name", "Last Name", "Фамилия", "char", example="Орлова"),
        Column("parent_id", "Account Name", "Контрагент", "account", aliases=("Account", "Organization")),
        Column("function", "Title", "Должность", "char", example="Главный бухгалтер", aliases=("Job Position",)),
        Column("department", "Department", "Отдел", "char", example="Бухгалтерия"),
        Column(
            "phone",
            "Office Phone",
            "Рабочий тел.",
            "phone",
            example="+7 495 123-45-67",
            aliases=("Phone", "Телефон", "Рабочий телефон"),
        ),
        Column("mobile", "Mobile", "Мобильный телефон", "phone", example="+7 (916) 482-19-73", aliases=("Моб. тел.",)),
        Column("phone_other", "Other Phone", "Другой тел.", "phone", aliases=("Другой телефон",)),
        Column("phone_home", "Home Phone", "Домашний тел.", "phone", aliases=("Домашний телефон",)),
        Column("fax", "Fax", "Факс", "phone"),
        Column("email", "Email", "E-mail", "email", example="orlova@romashka.ru", aliases=("Эл. почта",)),
        Column("email_secondary", "Secondary Email", "Второй E-mail", "email"),
        Column("source_id", "Lead Source", "Источник обращения", "many2one", "utm.source", "Venyoo"),
        Column("birthday", "Birthdate", "День рождения", "date", example="15.04.1985", aliases=("Birthday",)),
        Column("assistant_name", "Assistant", "Ассистент", "char"),
        Column("assistant_phone", "Assistant Phone", "Тел. ассистента", "phone"),
        Column("reports_to_id", "Reports To", "Начальник", "contact"),
        Column("user_id", "Assigned To", "Ответственный", "user", aliases=("Salesperson",)),
        Column("do_not_call", "Do Not Call", "Не звонить", "boolean", example="Нет"),
        Column("email_opt_out", "Email Opt Out", "Не отправлять E-mail", "boolean", example="Нет"),
        Column("is_reference", "Reference", "Рекомендации", "boolean", example="Да", aliases=("Gives References",)),
        Column("notify_owner", "Notify Owner", "Уведомлять ответственного", "boolean", example="Нет"),
        *_ADDRESS,
        Column("comment", "Description", "Описание", "text", example="Принимает решения о закупках"),
    ),
}

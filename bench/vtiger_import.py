"""vtiger CSV import at scale (issue 18), inside ``odoo-bin shell`` on a
database of bench/vtiger_import.sh.

Generates, seeded, BENCH_ROWS rows per vtiger module (Organizations,
Contacts, Leads, Potentials) of realistic Russian data, then:

- BENCH_MODE=vtiger: writes them as vtiger list-view exports
  (``tests/vtiger_export.py``, Russian headers for Organizations and
  Potentials, English for Contacts and Leads) and imports each module with
  ``crm.vtiger.import.import_files``, first as a dry run, then for real, in
  the order accounts, contacts, leads, deals (one call and one transaction
  per module, committed, as a user importing the four files one after the
  other would do);
- BENCH_MODE=plain: writes the same rows as CSV files of Odoo field names
  and imports them with Odoo's own ``base_import.import.execute_import``
  (what Contacts / CRM > Import does, history tracking off), same order,
  one call and one commit per module.

Both run as the admin. Prints one ``BENCH {json}`` line.
"""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import csv
import importlib.util
import io
import json
import os
import random
import time
from datetime import date, timedelta

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
MODE = os.environ.get("BENCH_MODE", "vtiger")
ROOT = os.environ["BENCH_ROOT"]
SAMPLE = int(os.environ.get("BENCH_PLAIN_SAMPLE") or 0)
# the modules imported, in this order (BENCH_KINDS="accounts contacts" to profile the first two)
KINDS = tuple(os.environ.get("BENCH_KINDS", "accounts contacts leads deals").split())
cr = env.cr

# ----------------------------------------------------------------------
# Vocabulary
# ----------------------------------------------------------------------
USERS = [
    ("Ирина Продажина", "i.prodazhina"),
    ("Олег Сидоров", "o.sidorov"),
    ("Мария Кузнецова", "m.kuznetsova"),
    ("Дмитрий Волков", "d.volkov"),
    ("Анна Соколова", "a.sokolova"),
    ("Сергей Морозов", "s.morozov"),
    ("Елена Новикова", "e.novikova"),
    ("Павел Лебедев", "p.lebedev"),
]


def words(text):
    return text.split()


GONE_USER = "Уволенный Сотрудник"  # an owner who left: not a user of the new CRM
MALE = words(
    "Александр Алексей Андрей Антон Артём Борис Вадим Валерий Василий Виктор Виталий Владимир Владислав "
    "Вячеслав Геннадий Георгий Григорий Денис Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин "
    "Леонид Максим Михаил Никита Николай Олег Павел Пётр Роман Руслан Сергей Станислав Степан Тимофей "
    "Фёдор Юрий Ярослав"
)
FEMALE = words(
    "Александра Алина Алла Анастасия Анна Валентина Валерия Вера Виктория Галина Дарья Евгения Екатерина "
    "Елена Елизавета Жанна Зоя Ирина Карина Кристина Ксения Лариса Лидия Любовь Людмила Маргарита Марина "
    "Мария Надежда Наталья Нина Оксана Ольга Полина Светлана София Тамара Татьяна Ульяна Юлия"
)
SURNAMES = words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов "
    "Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв "
    "Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов "
    "Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов "
    "Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов "
    "Ефимов Федотов Щербаков Назаров Калинин Исаев Быков Маслов Родионов Коновалов Лазарев Воронин "
    "Климов Филатов Голубев Кудрявцев Прохоров Наумов Потапов Трофимов Леонов Соболев Ермаков "
    "Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов "
    "Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов Тихомиров Галкин "
    "Лукьянов Скворцов Юдин Белоусов Нестеров Симонов Харитонов Князев Цветков Левин Воронов Мальцев "
    "Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Хохлов Фадеев "
    "Молчанов Игнатов Литвинов Ершов Ушаков Рябов Мухин Калашников Лобанов Корнеев Бородин Платонов "
    "Некрасов Бобров Жданов Блинов Коротков Крюков Дроздов Лавров Зуев Петухов Ларин Серов Зотов "
    "Устинов Фокин Самойлов Сахаров Шишкин Чистяков Носов Воронцов Зверев Нечаев Седов Панин Головин "
    "Покровский Никольский Козловский Вишневский Островский Белых Черных Долгих Шевченко Бондаренко"
)
CITIES = [  # city, area code, first three digits of its postcodes, region
    ("Москва", "495", "101", "Москва"),
    ("Москва", "499", "125", "Москва"),
    ("Санкт-Петербург", "812", "190", "Санкт-Петербург"),
    ("Екатеринбург", "343", "620", "Свердловская область"),
    ("Новосибирск", "383", "630", "Новосибирская область"),
    ("Казань", "843", "420", "Республика Татарстан"),
    ("Нижний Новгород", "831", "603", "Нижегородская область"),
    ("Челябинск", "351", "454", "Челябинская область"),
    ("Самара", "846", "443", "Самарская область"),
    ("Омск", "3812", "644", "Омская область"),
    ("Ростов-на-Дону", "863", "344", "Ростовская область"),
    ("Уфа", "347", "450", "Республика Башкортостан"),
    ("Красноярск", "391", "660", "Красноярский край"),
    ("Пермь", "342", "614", "Пермский край"),
    ("Воронеж", "473", "394", "Воронежская область"),
    ("Волгоград", "8442", "400", "Волгоградская область"),
    ("Краснодар", "861", "350", "Краснодарский край"),
    ("Тюмень", "3452", "625", "Тюменская область"),
    ("Иркутск", "3952", "664", "Иркутская область"),
    ("Владивосток", "423", "690", "Приморский край"),
    ("Ярославль", "4852", "150", "Ярославская область"),
]
CITY_WEIGHTS = [14, 10, 12, 5, 5, 4, 4, 3, 3, 2, 3, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1]
STREETS = (
    "ул. Ленина",
    "пр-т Мира",
    "ул. Советская",
    "ул. Гагарина",
    "ул. Кирова",
    "ул. Пушкина",
    "ул. Садовая",
    "ул. Московская",
    "ул. Октябрьская",
    "ул. Заводская",
    "ул. Строителей",
    "пр-т Победы",
    "Набережная ул.",
    "ул. Промышленная",
    "Лесной пер.",
)
FORMS = ("ООО", "ООО", "ООО", "АО", "АО", "ПАО", "ЗАО")
STEMS = words(
    "Строй Тех Агро Энерго Пром Транс Нефте Медиа Инвест Сиб Урал Волга Балт Север Газ Металл Хим Лес "
    "Электро Авто Мега Альфа Вектор Гранит Кедр"
)
ENDINGS = words("сервис комплект снаб торг лайн систем групп ресурс маш монтаж проект логистик капитал холдинг")
INDUSTRIES = words(
    "Apparel Banking Biotechnology Chemicals Communications Construction Consulting Education Electronics "
    "Energy Engineering Entertainment Environmental Finance Government Healthcare Hospitality Insurance "
    "Machinery Manufacturing Media Retail Shipping Technology Telecommunications Transportation Utilities Other"
)
ACCOUNT_TYPES = ("Customer", "Customer", "Prospect", "Partner", "Reseller", "Competitor", "Integrator", "Other")
RATINGS = ("", "", "Active", "Acquired", "Market Failed", "Project Cancelled", "Shutdown")
SOURCES = (
    "Cold Call",
    "Existing Customer",
    "Self Generated",
    "Employee",
    "Partner",
    "Public Relations",
    "Direct Mail",
    "Conference",
    "Trade Show",
    "Web Site",
    "Word of mouth",
    "Other",
)
LEAD_STATUSES = (
    "Attempted to Contact",
    "Cold",
    "Contact in Future",
    "Contacted",
    "Hot",
    "Junk Lead",
    "Lost Lead",
    "Not Contacted",
    "Pre Qualified",
    "Qualified",
    "Warm",
)
STAGES = [  # vtiger key, probability, weight
    ("Prospecting", 10, 20),
    ("Qualification", 20, 12),
    ("Needs Analysis", 25, 8),
    ("Value Proposition", 30, 6),
    ("Id. Decision Makers", 40, 5),
    ("Perception Analysis", 50, 4),
    ("Proposal/Price Quote", 65, 8),
    ("Negotiation/Review", 80, 7),
    ("Closed Won", 100, 18),
    ("Closed Lost", 0, 12),
]
DEAL_NAMES = (
    "Поставка оборудования",
    "Внедрение CRM",
    "Годовой сервисный контракт",
    "Аренда спецтехники",
    "Поставка кирпича",
    "Монтаж вентиляции",
    "Разработка сайта",
    "Лицензии ПО",
    "Обучение персонала",
    "Аудит отчётности",
    "Поставка металлопроката",
    "Перевозка грузов",
)
TITLES = (
    "Генеральный директор",
    "Коммерческий директор",
    "Главный бухгалтер",
    "Менеджер по закупкам",
    "Начальник отдела снабжения",
    "Инженер",
    "Юрист",
    "Руководитель проекта",
    "Специалист по продажам",
    "Офис-менеджер",
)
DEPARTMENTS = ("Снабжение", "Бухгалтерия", "Продажи", "Дирекция", "ИТ", "Юридический отдел", "Логистика")
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        words("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh sch - y - e yu ya"),
        strict=True,
    )
)


def latin(text):
    return "".join(TRANSLIT.get(ch, ch) for ch in text.lower()).replace("-", "")


def feminine(surname):
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def typed(digits, style):
    """A 10-digit national number as people type it."""
    d = digits
    return (
        f"+7 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}",
        f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}",
        f"7{d}",
        f"8{d}",
        f"+7 {d[:3]} {d[3:6]} {d[6:8]} {d[8:]}",
        d,
        f"8-{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:]}",
        f"+7{d}",
    )[style % 8]


def inn10(head9):
    """A valid 10-digit Russian INN (an organization's) from 9 digits."""
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(c) * w for c, w in zip(head9, weights, strict=True)) % 11 % 10
    return f"{head9}{check}"


def amount_text(value, lang):
    """An amount as vtiger writes it in the user's format."""
    text = f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",") if lang == "ru" else text


def ddmmyyyy(day):
    return day.strftime("%d-%m-%Y")


# ----------------------------------------------------------------------
# The rows, keyed by vtiger field names (or custom headers: ИНН / INN)
# ----------------------------------------------------------------------
LANGS = {"accounts": "ru", "contacts": "en", "leads": "en", "deals": "ru"}


class Generator:
    """The rows of the four exports, drawn from one seeded random source."""

    def __init__(self, n):
        self.n = n
        self.rnd = random.Random(18)
        self.account_names, self.contact_names, self.contacts_of = [], [], {}

    def rows(self):
        return {
            "accounts": [self.account(i) for i in range(self.n)],
            "contacts": [self.contact(i) for i in range(self.n)],
            "leads": [self.lead(i) for i in range(self.n)],
            "deals": [self.deal(i) for i in range(self.n)],
        }

    def owner(self):
        draw = self.rnd.random()
        if draw < 0.01:
            return GONE_USER
        if draw < 0.05:
            return self.rnd.choice(USERS)[1]  # some exports hold the login
        return self.rnd.choice(USERS)[0]

    def city(self):
        return self.rnd.choices(CITIES, CITY_WEIGHTS)[0]

    def digits(self, count):
        return "".join(self.rnd.choice("0123456789") for _ in range(count))

    def landline(self, place):
        return place[1] + self.digits(10 - len(place[1]))

    def mobile(self):
        return "9" + self.digits(9)

    def street(self):
        office = f", оф. {self.rnd.randint(1, 450)}" if self.rnd.random() < 0.5 else ""
        return f"{self.rnd.choice(STREETS)}, д. {self.rnd.randint(1, 180)}{office}"

    def postcode(self, place):
        return f"{place[2]}{self.rnd.randint(0, 999):03d}"

    def person(self):
        if self.rnd.random() < 0.55:
            return self.rnd.choice(MALE), self.rnd.choice(SURNAMES), "Mr."
        return self.rnd.choice(FEMALE), feminine(self.rnd.choice(SURNAMES)), self.rnd.choice(("Ms.", "Mrs."))

    def account(self, i):
        rnd, place = self.rnd, self.city()
        stem = f"{rnd.choice(STEMS)}{rnd.choice(ENDINGS)}"
        name = f"{rnd.choice(FORMS)} «{stem}-{i + 1}»"
        self.account_names.append(name)
        row = {
            "accountname": name,
            "account_no": f"ACC{1001 + i}",
            "phone": typed(self.landline(place), i),
            "email1": f"info@{latin(stem)}{i + 1}.ru",
            "industry": rnd.choice(INDUSTRIES),
            "accounttype": rnd.choice(ACCOUNT_TYPES),
            "rating": rnd.choice(RATINGS),
            "assigned_user_id": self.owner(),
            "bill_street": self.street(),
            "bill_city": place[0],
            "bill_code": self.postcode(place),
            "bill_country": "Россия",
            "employees": str(rnd.choice((5, 12, 25, 40, 80, 150, 300, 1200))),
            "annual_revenue": amount_text(rnd.randint(1, 5000) * 100000, "ru"),
            "createdtime": f"{ddmmyyyy(date(2019, 1, 1) + timedelta(days=i % 2500))} 10:15:00",
            "emailoptout": "1" if rnd.random() < 0.05 else "0",
        }
        if rnd.random() < 0.3:
            row["otherphone"] = typed(self.mobile(), i + 3)
        if rnd.random() < 0.4:
            row["website"] = f"www.{latin(stem)}{i + 1}.ru"
        if rnd.random() < 0.6:
            head = f"{77 if place[0] == 'Москва' else 50}{rnd.randint(0, 99):02d}{i % 100000:05d}"
            inn = inn10(head)
            if rnd.random() < 0.005:  # a typo: the check digit is off
                inn = inn[:-1] + str((int(inn[-1]) + 1) % 10)
            row["ИНН" if LANGS["accounts"] == "ru" else "INN"] = inn
            row["КПП" if LANGS["accounts"] == "ru" else "KPP"] = f"{head[:4]}01001"
        if i and rnd.random() < 0.1:
            row["account_id"] = f"Accounts::::{self.account_names[rnd.randrange(i)]}"
        if rnd.random() < 0.3:
            ship = self.city()
            row.update(ship_street=self.street(), ship_city=ship[0], ship_code=self.postcode(ship))
        if rnd.random() < 0.2:
            row["description"] = f"Клиент с {2010 + i % 14} года.\nРаботает по договору №{i + 100}/К."
        return row

    def contact(self, i):
        rnd, place = self.rnd, self.city()
        first, last, salutation = self.person()
        account_index = rnd.randrange(self.n)
        birthday = date(1955, 1, 1) + timedelta(days=rnd.randrange(17000))
        row = {
            "contact_no": f"CON{1001 + i}",
            "salutationtype": salutation,
            "firstname": first,
            "lastname": last,
            "mobile": typed(self.mobile(), i + 1),
            "email": f"{latin(first)}.{latin(last)}{i + 1}@mail.ru",
            "birthday": ddmmyyyy(birthday) if rnd.random() < 0.7 else "",
            "title": rnd.choice(TITLES),
            "department": rnd.choice(DEPARTMENTS),
            "leadsource": rnd.choice(SOURCES),
            "assigned_user_id": self.owner(),
            "mailingcity": place[0],
            "mailingstreet": self.street(),
            "mailingcountry": "Russia",
            "donotcall": "1" if rnd.random() < 0.03 else "0",
            "emailoptout": "1" if rnd.random() < 0.05 else "0",
        }
        if rnd.random() < 0.9:
            row["account_id"] = f"Accounts::::{self.account_names[account_index]}"
            colleagues = self.contacts_of.setdefault(account_index, [])
            if colleagues and rnd.random() < 0.3:
                row["contact_id"] = f"Contacts::::{self.contact_names[rnd.choice(colleagues)]}"
            colleagues.append(i)
        if rnd.random() < 0.5:
            row["phone"] = typed(self.landline(place), i + 2)
        self.contact_names.append(f"{first} {last}")
        return row

    def lead(self, i):
        rnd, place = self.rnd, self.city()
        first, last, salutation = self.person()
        row = {
            "lead_no": f"LEA{1001 + i}",
            "salutationtype": salutation,
            "firstname": first,
            "lastname": last,
            "company": f"{rnd.choice(FORMS)} «{rnd.choice(STEMS)}{rnd.choice(ENDINGS)}»",
            "designation": rnd.choice(TITLES),
            "phone": typed(self.landline(place), i + 4) if rnd.random() < 0.6 else "",
            "mobile": typed(self.mobile(), i + 5),
            "email": f"{latin(last)}.{i + 1}@{rnd.choice(('mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru'))}",
            "leadsource": rnd.choice(SOURCES),
            "leadstatus": rnd.choice(LEAD_STATUSES),
            "rating": rnd.choice(RATINGS),
            "industry": rnd.choice(INDUSTRIES),
            "annualrevenue": amount_text(rnd.randint(1, 900) * 100000, "en"),
            "noofemployees": str(rnd.choice((3, 10, 25, 60, 200))),
            "assigned_user_id": self.owner(),
            "city": place[0],
            "country": "Russia",
        }
        if rnd.random() < 0.25:
            row["description"] = f"Звонил {ddmmyyyy(date(2026, 1, 1) + timedelta(days=i % 300))}, просил КП."
        return row

    def deal(self, i):
        rnd = self.rnd
        account_index = rnd.randrange(self.n)
        account = self.account_names[account_index]
        stage, probability, _weight = rnd.choices(STAGES, [stage[2] for stage in STAGES])[0]
        row = {
            "potential_no": f"POT{1001 + i}",
            "potentialname": f"{rnd.choice(DEAL_NAMES)} — {account}",
            "amount": amount_text(rnd.randint(10, 50000) * 1000 + rnd.choice((0, 0, 0.5)), "ru"),
            "related_to": f"Accounts::::{account}",
            "closingdate": ddmmyyyy(date(2025, 1, 1) + timedelta(days=rnd.randrange(900))),
            "sales_stage": stage,
            "probability": str(probability),
            "leadsource": rnd.choice(SOURCES),
            "opportunity_type": rnd.choice(("New Business", "Existing Business")),
            "assigned_user_id": self.owner(),
        }
        colleagues = self.contacts_of.get(account_index)
        if colleagues and rnd.random() < 0.6:
            row["contact_id"] = f"Contacts::::{self.contact_names[rnd.choice(colleagues)]}"
        if rnd.random() < 0.3:
            row["nextstep"] = "Отправить коммерческое предложение"
        return row


# ----------------------------------------------------------------------
# Plain Odoo: the same rows as Odoo columns for base_import
# ----------------------------------------------------------------------
def ref_name(text):
    return text.split("::::", 1)[1] if text else ""


RU = "Russian Federation"  # the country's name in Odoo, as a user would map it


def plain_rows(kind, rows, logins):
    """(model, [odoo field paths], [[cells]]) of the rows for base_import:
    the fields plain Odoo has, references by name as a user would map them."""

    def owner(text):
        return text if text in logins.values() else logins.get(text, "")

    if kind == "accounts":
        fields = ["name", "is_company", "phone", "mobile", "email", "website", "vat", "street", "zip", "city"]
        fields += ["country_id", "user_id", "comment"]
        data = [
            [
                r["accountname"], "1", r["phone"], r.get("otherphone", ""), r["email1"], r.get("website", ""),
                r.get("ИНН", r.get("INN", "")), r["bill_street"], r["bill_code"], r["bill_city"], RU,
                owner(r["assigned_user_id"]), r.get("description", ""),
            ]
            for r in rows
        ]  # fmt: skip
        return "res.partner", fields, data
    if kind == "contacts":
        fields = ["name", "parent_id", "function", "phone", "mobile", "email", "street", "city", "country_id"]
        fields += ["user_id"]
        data = [
            [
                f"{r['firstname']} {r['lastname']}", ref_name(r.get("account_id")), r["title"], r.get("phone", ""),
                r["mobile"], r["email"], r["mailingstreet"], r["mailingcity"], RU, owner(r["assigned_user_id"]),
            ]
            for r in rows
        ]  # fmt: skip
        return "res.partner", fields, data
    if kind == "leads":
        fields = ["name", "type", "contact_name", "partner_name", "function", "phone", "mobile", "email_from"]
        fields += ["source_id", "city", "country_id", "user_id", "description"]
        data = [
            [
                f"{r['firstname']} {r['lastname']}", "lead", f"{r['firstname']} {r['lastname']}", r["company"],
                r["designation"], r["phone"], r["mobile"], r["email"], r["leadsource"], r["city"], RU,
                owner(r["assigned_user_id"]), r.get("description", ""),
            ]
            for r in rows
        ]  # fmt: skip
        return "crm.lead", fields, data
    fields = ["name", "type", "partner_id", "expected_revenue", "date_deadline", "stage_id", "probability"]
    fields += ["source_id", "user_id", "description"]
    data = [
        [
            r["potentialname"], "opportunity", ref_name(r["related_to"]), r["amount"], r["closingdate"],
            r["sales_stage"], r["probability"], r["leadsource"], owner(r["assigned_user_id"]), r.get("nextstep", ""),
        ]
        for r in rows
    ]  # fmt: skip
    return "crm.lead", fields, data


def csv_bytes(header, data):
    output = io.StringIO()
    writer = csv.writer(output, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(data)
    return output.getvalue().encode()


# ----------------------------------------------------------------------
# Run
# ----------------------------------------------------------------------
def ensure_users():
    """The eight salespeople the exports name as owners (committed once)."""
    salesman = env.ref("sales_team.group_sale_salesman")
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    for name, login in USERS:
        if not Users.search([("login", "=", login)]):
            Users.create({"name": name, "login": login, "groups_id": [(6, 0, [salesman.id])]})
    cr.commit()  # pylint: disable=invalid-commit  (a benchmark database: the setup is kept for every module)
    return dict(USERS)


def progress_messages():
    cr.execute("SELECT count(*) FROM bus_bus WHERE message LIKE %s", ["%crm_vtiger_like/import_progress%"])
    return cr.fetchone()[0]


def timed(call):
    """(result, seconds, SQL queries of this cursor) of ``call()``, committed."""
    env.invalidate_all()
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = call()
    # one module = one import call = one transaction, as in the wizard; the
    # next module's import sees this one's records
    cr.commit()  # pylint: disable=invalid-commit
    return result, time.perf_counter() - start, cr.sql_log_count - queries


def run_vtiger(data, admin):
    spec = importlib.util.spec_from_file_location("vtiger_export", f"{ROOT}/crm_vtiger_like/tests/vtiger_export.py")
    vtiger_export = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vtiger_export)
    Import = env["crm.vtiger.import"].with_user(admin)
    modules = {"accounts": "Accounts", "contacts": "Contacts", "leads": "Leads", "deals": "Potentials"}
    out = {}
    for kind in KINDS:
        start = time.perf_counter()
        rows = data[kind]
        names = list(dict.fromkeys(name for row in rows for name in row))
        content = vtiger_export.vtiger_csv(env, kind, rows, lang=LANGS[kind], names=names)
        files = [(f"{modules[kind]}.csv", content)]
        write_s = time.perf_counter() - start
        messages = progress_messages()
        dry, dry_s, dry_q = timed(lambda files=files: Import.import_files(files, dry_run=True))
        dry_messages, messages = progress_messages() - messages, progress_messages()
        result, import_s, import_q = timed(lambda files=files: Import.import_files(files))
        counts = result["kinds"][kind]
        problems = {}
        for _filename, _line, message in result["problems"]:
            key = message.split(":")[0][:60]
            problems[key] = problems.get(key, 0) + 1
        out[kind] = {
            "rows": len(rows),
            "file_mb": round(len(content) / 1e6, 2),
            "lang": LANGS[kind],
            "write_file_s": round(write_s, 2),
            "dry_run_s": round(dry_s, 2),
            "dry_run_queries": dry_q,
            "dry_run_counts": dry["kinds"][kind],
            "import_s": round(import_s, 2),
            "import_queries": import_q,
            "queries_per_row": round(import_q / len(rows), 3),
            "rows_per_s": round(len(rows) / import_s, 1),
            **counts,
            "problems": len(result["problems"]),
            "problem_kinds": dict(sorted(problems.items(), key=lambda item: -item[1])[:6]),
            "new_values": len(result["new_values"]),
            "unmapped": [header for _f, header in result["unmapped"]],
            "progress_messages_dry_run": dry_messages,
            "progress_messages": progress_messages() - messages,
        }
        print(f"[bench] {kind}: {json.dumps(out[kind], ensure_ascii=False)}", flush=True)
    return out


def run_plain(data, admin):
    logins = dict(USERS)
    out = {}
    for kind in KINDS:
        model, fields, rows = plain_rows(kind, data[kind], logins)
        if kind in ("contacts", "deals") and 0 < SAMPLE < len(rows):
            rows = rows[:SAMPLE]  # nothing refers to them: a sample, the time extrapolated
        content = csv_bytes(fields, rows)
        Import = env["base_import.import"].with_user(admin).with_context(tracking_disable=True)
        wizard = Import.create(
            {"res_model": model, "file": content, "file_name": f"{kind}.csv", "file_type": "text/csv"}
        )
        options = {
            "has_headers": True,
            "separator": ",",
            "quoting": '"',
            "encoding": "utf-8",
            "date_format": "%d-%m-%Y",
            "datetime_format": "",
            "float_thousand_separator": " " if LANGS[kind] == "ru" else ",",
            "float_decimal_separator": "," if LANGS[kind] == "ru" else ".",
            "name_create_enabled_fields": {"source_id": True, "stage_id": True},
            "fallback_values": {},
            "import_skip_records": [],
            "import_set_empty_fields": [],
        }
        before = env[model].with_context(active_test=False).search_count([])
        result, import_s, import_q = timed(
            lambda wizard=wizard, fields=fields, options=options: wizard.execute_import(fields, fields, options)
        )
        created = env[model].with_context(active_test=False).search_count([]) - before
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        measured_s = import_s
        if len(rows) < ROWS:
            import_s, import_q = import_s * ROWS / len(rows), import_q * ROWS // len(rows)
        out[kind] = {
            "rows": ROWS,
            **({"extrapolated_from": len(rows), "measured_s": round(measured_s, 2)} if len(rows) < ROWS else {}),
            "model": model,
            "fields": fields,
            "import_s": round(import_s, 2),
            "import_queries": import_q,
            "queries_per_row": round(import_q / ROWS, 3),
            "rows_per_s": round(ROWS / import_s, 1),
            "created": created,
            "errors": len(errors),
            "first_errors": [m.get("message") for m in errors[:3]],
            "warnings": sum(1 for m in result.get("messages", []) if m.get("type") == "warning"),
        }
        print(f"[bench] plain {kind}: {json.dumps(out[kind], ensure_ascii=False)}", flush=True)
    return out


ensure_users()
admin = env.ref("base.user_admin")
started = time.perf_counter()
data = Generator(ROWS).rows()
generate_s = round(time.perf_counter() - started, 2)
modules = run_vtiger(data, admin) if MODE == "vtiger" else run_plain(data, admin)
summary = {"mode": MODE, "rows": ROWS, "generate_s": generate_s, "modules": modules}
print("BENCH " + json.dumps(summary, ensure_ascii=False))

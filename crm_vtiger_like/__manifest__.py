{
    "name": "CRM vtiger-like",
    "summary": "vtiger-style Leads, Accounts and Contacts on top of Odoo CRM",
    "version": "18.0.1.3.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_vtiger_like developers",
    "website": "https://github.com/crm-vtiger-like/crm_vtiger_like",
    "depends": [
        "crm",  # leads and deals
        "contacts",  # the Contacts app, where accounts and contacts are also kept
        "portal",  # the contacts' customer portal (SPEC 3.5): portal users, /my
        "sms",  # the SMS composer (last SMS date, Do Not Call)
        "product",  # products and services linked to leads, deals and clients
        "utm",  # lead sources (utm.source) are extended, campaigns linked many-to-many
        "mail",  # the e-mail composer (opt-out) and mail.thread are extended
    ],
    "external_dependencies": {"python": ["phonenumbers", "python-stdnum"]},
    "data": [
        "security/ir.model.access.csv",
        "security/crm_communication_security.xml",
        "security/crm_portal_security.xml",
        "security/crm_summary_widget_security.xml",
        "data/ir_sequence_data.xml",
        "data/utm_source_data.xml",
        "data/crm_lead_status_data.xml",
        "data/crm_vtiger_rating_data.xml",
        "data/crm_account_type_data.xml",
        "data/crm_communication_purpose_data.xml",
        "data/res_partner_merge_data.xml",
        "data/crm_lead_actions_data.xml",
        "data/crm_communication_data.xml",
        "data/crm_portal_data.xml",
        "data/crm_summary_widget_data.xml",
        "views/crm_communication_views.xml",
        "views/crm_inbound_channel_views.xml",
        "views/mail_message_views.xml",
        "views/product_product_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_users_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_portal_views.xml",
        "views/portal_templates.xml",
        "views/picklist_views.xml",
        "views/crm_summary_widget_views.xml",
        "wizards/crm_vtiger_merge_wizard_views.xml",
        "wizards/crm_vtiger_duplicate_finder_views.xml",
        "wizards/crm_lead_to_opportunity_views.xml",
        "wizards/sms_composer_views.xml",
        "wizards/crm_vtiger_notify_wizard_views.xml",
        "wizards/crm_vtiger_mass_edit_views.xml",
        "wizards/crm_vtiger_mass_delete_views.xml",
        "wizards/crm_vtiger_mass_comment_views.xml",
        "wizards/crm_vtiger_mass_communication_views.xml",
        "wizards/mail_compose_message_views.xml",
        "data/crm_vtiger_mass_actions_data.xml",
        "wizards/crm_vtiger_import_views.xml",
        "views/crm_menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_communication_demo.xml",
        "demo/product_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_vtiger_like/static/src/notify/**/*",
            "crm_vtiger_like/static/src/summary/**/*",
        ],
        "web.assets_tests": [
            "crm_vtiger_like/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}

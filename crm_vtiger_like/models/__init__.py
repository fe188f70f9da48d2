# ruff: noqa: I001  (mixins first: Odoo builds models in import order)
from . import crm_vtiger_number_mixin
from . import crm_vtiger_picklist_mixin
from . import ir_sequence
from . import res_company
from . import crm_lead_status
from . import crm_vtiger_rating
from . import crm_account_type
from . import crm_communication_purpose
from . import utm_source
from . import crm_lead
from . import res_partner

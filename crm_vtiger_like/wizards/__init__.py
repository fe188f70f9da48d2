from . import crm_vtiger_merge_wizard
from . import crm_vtiger_duplicate_finder
from . import crm_lead_to_opportunity
from . import mail_compose_message
from . import sms_composer
from . import crm_vtiger_notify_wizard
from . import portal_wizard_user

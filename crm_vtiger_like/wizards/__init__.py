from . import crm_vtiger_merge_wizard
from . import crm_vtiger_duplicate_finder
from . import mail_compose_message
from . import sms_composer

from . import mail_compose_message
from . import sms_composer

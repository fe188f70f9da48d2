from . import test_install, test_numbering, test_security, test_ui_leads

from . import test_install
from . import test_survey_mapping
from . import test_survey_send
from . import test_survey_answer
from . import test_survey_access
from . import test_survey_http
from . import test_survey_upstream
from . import test_guest_anonymization_survey

from . import res_company
from . import res_config_settings
from . import survey_survey
from . import survey_question
from . import guest_revisit_survey_mapping
from . import survey_user_input
from . import guest_revisit
from . import guest_revisit_plan

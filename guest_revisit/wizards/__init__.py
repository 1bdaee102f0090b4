from . import guest_revisit_review_wizard
from . import guest_complaint_revisit_waiver
from . import guest_complaint_time_correction
from . import guest_revisit_anonymize_wizard
from . import guest_complaint_merge

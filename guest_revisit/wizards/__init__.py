from . import guest_revisit_review_wizard

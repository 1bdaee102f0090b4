from . import guest_revisit_kpi
from . import guest_revisit_supervision_report
from . import guest_data_copy_report

# Records our batched crons handle per transaction, unless the system parameter
# guest_revisit.cron_batch_size says otherwise.
DEFAULT_CRON_BATCH_SIZE = 500


def cron_batch_size(env):
    """How many records a batched cron of ours handles per transaction."""
    # sudo: system parameters are readable by administrators only; a cron or a
    # button of any role reads this one number.
    return int(
        env["ir.config_parameter"]
        .sudo()
        .get_param("guest_revisit.cron_batch_size", DEFAULT_CRON_BATCH_SIZE)
    )

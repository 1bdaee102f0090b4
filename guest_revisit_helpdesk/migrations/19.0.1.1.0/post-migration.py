def migrate(cr, version):
    """Databases that had the bridge's first release: helpdesk_mgmt's cancelled and
    rejected stages do not revisit the guest (a new install gets this from
    data/helpdesk_ticket_stage_data.xml)."""
    cr.execute(
        """
        UPDATE helpdesk_ticket_stage stage SET revisit_on_close = FALSE
          FROM ir_model_data imd
         WHERE imd.model = 'helpdesk.ticket.stage' AND imd.res_id = stage.id
           AND imd.module = 'helpdesk_mgmt'
           AND imd.name IN ('helpdesk_ticket_stage_cancelled',
                            'helpdesk_ticket_stage_rejected')
        """
    )

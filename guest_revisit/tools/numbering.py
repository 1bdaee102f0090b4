def fill_numbers(env, vals_list, sequence_code):
    """Number new documents from their company's sequence, unless given a number."""
    sequence = env["ir.sequence"]
    for vals in vals_list:
        if not vals.get("number") or vals["number"] == env._("New"):
            company = vals.get("company_id") or env.company.id
            vals["number"] = sequence.with_company(company).next_by_code(
                sequence_code
            ) or env._("New")

def fill_numbers(env, vals_list, sequence_code):
    """Number new documents from their company's sequence, unless given a number.
    Each company's sequence is looked up once per batch, as ``next_by_code`` would
    find it."""
    new = env._("New")
    sequences = {}
    for vals in vals_list:
        if vals.get("number") and vals["number"] != new:
            continue
        company = vals.get("company_id") or env.company.id
        if company not in sequences:
            Sequence = env["ir.sequence"].with_company(company)
            Sequence.browse().check_access("read")
            sequences[company] = Sequence.search(
                [("code", "=", sequence_code), ("company_id", "in", [company, False])],
                order="company_id",
                limit=1,
            )
        sequence = sequences[company]
        vals["number"] = (sequence and sequence._next()) or new

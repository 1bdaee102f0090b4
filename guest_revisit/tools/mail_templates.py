import io

from lxml import etree

from odoo.tools import SQL, file_open
from odoo.tools.convert import convert_xml_import


def reload_mail_templates(env, module, filename):
    """Load the mail templates of a data file again, over their noupdate flag.

    Templates are noupdate so that an update keeps what an administrator wrote; when
    a release changes what every guest mail must say (a link the law asks for), a
    migration reloads them. Only the file's ``mail.template`` records are loaded:
    the stages and other records of the file keep their configuration. Their bodies
    keep their source text alone, so that the addon's .po, loaded after the
    migration, translates the new text rather than an old translation staying."""
    with file_open(f"{module}/{filename}", "rb", env=env) as data_file:
        doc = etree.parse(data_file)
    root = doc.getroot()
    for record in root.iterchildren():
        if record.tag != "record" or record.get("model") != "mail.template":
            root.remove(record)
    buffer = io.BytesIO(etree.tostring(doc))
    buffer.name = filename
    convert_xml_import(env, module, buffer, mode="init", noupdate=True)
    xmlids = [
        record.get("id") if "." in record.get("id") else f"{module}.{record.get('id')}"
        for record in root.iterchildren()
    ]
    template_ids = [env.ref(xmlid).id for xmlid in xmlids]
    env.cr.execute(
        SQL(
            "UPDATE mail_template SET body_html = jsonb_build_object("
            "'en_US', body_html->'en_US') WHERE id = ANY(%s)",
            template_ids,
        )
    )
    env["mail.template"].invalidate_model(["body_html"])

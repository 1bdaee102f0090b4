import json
import re

import jsonschema

from odoo.tests import HttpCase, new_test_user, tagged

from .test_guest_data_copy import GuestDataCopyCommon, data_copy_schema


@tagged("post_install", "-at_install")
class TestGuestPrivacyHttp(HttpCase, GuestDataCopyCommon):
    """The guest withdraws consent on their portal or through the link in a mail,
    without signing in; they and the office download a copy of their data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="gr_privacy_guest",
            name="Li Ming",
            groups="base.group_portal",
            partner_id=cls.guest.id,
            password="gr_privacy_guest_pw",
        )
        cls.other_guest = cls.env["res.partner"].create({"name": "Other Guest"})

    def _post_form(self, url, purpose, decision):
        """Press the page's button for this purpose, as the guest does."""
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        form = re.search(
            r'<form method="post" class="d-inline" action="([^"]+)">\s*'
            r'<input type="hidden" name="csrf_token" value="([^"]+)"/>\s*'
            rf'<input type="hidden" name="purpose" value="{purpose}"/>',
            page.text,
        )
        action, csrf = form.groups()
        return self.url_open(
            action,
            data={"csrf_token": csrf, "purpose": purpose, "decision": decision},
        )

    def _guest_link(self, partner=None):
        return (
            (partner or self.guest)
            ._guest_privacy_url()
            .removeprefix(self.guest.get_base_url())
        )

    def test_mail_link_works_without_login(self):
        url = self._guest_link()
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Your privacy", page.text)
        self.assertNotIn("data_copy", page.text, "no data copy without signing in")
        response = self._post_form(url, "questionnaire", "withdrawn")
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your choice has been recorded", response.text)
        entry = self.guest.guest_consent_ids.filtered(
            lambda c: c.purpose == "questionnaire"
        )
        self.assertRecordValues(
            entry, [{"decision": "withdrawn", "channel": "link", "user_id": False}]
        )
        self.assertEqual(entry.evidence_ref._name, "mail.message")
        self.assertEqual(entry.evidence_ref.res_id, self.guest.id)
        self.assertTrue(self.guest._guest_contact_refusal("questionnaire"))
        self.assertFalse(self.guest._guest_contact_refusal("revisit"))

    def test_wrong_token_is_not_found(self):
        token = self.guest._guest_privacy_token()
        for url in (
            f"/guest_revisit/privacy/{self.guest.id}/forged",
            f"/guest_revisit/privacy/{self.other_guest.id}/{token}",
            f"/guest_revisit/privacy/999999999/{token}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
                response = self.url_open(
                    url, data={"purpose": "revisit", "decision": "withdrawn"}
                )
                self.assertIn(response.status_code, (400, 404))
        self.assertFalse(
            self.guest.guest_consent_ids.filtered(lambda c: c.channel == "link")
        )

    def test_guest_withdraws_every_contact_on_the_portal(self):
        self.authenticate("gr_privacy_guest", "gr_privacy_guest_pw")
        self.assertIn("/my/privacy", self.url_open("/my").text)
        response = self._post_form("/my/privacy", "revisit", "withdrawn")
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.guest.guest_do_not_contact)
        entry = self.guest.guest_consent_ids.filtered(lambda c: c.purpose == "revisit")
        self.assertRecordValues(
            entry,
            [
                {
                    "decision": "withdrawn",
                    "channel": "portal",
                    "user_id": self.portal_user.id,
                }
            ],
        )
        for purpose in ("revisit", "questionnaire", "marketing"):
            self.assertTrue(self.guest._guest_contact_refusal(purpose), purpose)
        # And allows it again.
        self._post_form("/my/privacy", "revisit", "granted")
        self.env.invalidate_all()
        self.assertFalse(self.guest.guest_do_not_contact)

    def test_guest_downloads_their_data(self):
        self.authenticate("gr_privacy_guest", "gr_privacy_guest_pw")
        response = self.url_open("/my/privacy/data_copy.json")
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        copy = response.json()
        jsonschema.validate(copy, data_copy_schema())
        self.assertEqual(copy["complaints"][0]["number"], self.complaint.number)
        log = self._export_logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.guest)
        self.assertIn("(JSON)", log.body)

    def test_office_downloads_from_the_form_staff_cannot(self):
        url = f"/guest_revisit/data_copy/{self.guest.id}/json"
        self.authenticate(self.user_office.login, self.user_office.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content)["guest"]["name"], "Li Ming")
        self.authenticate(self.user_staff.login, self.user_staff.login)
        self.assertEqual(self.url_open(url).status_code, 403)
        self.env.invalidate_all()
        self.assertEqual(len(self._export_logs()), 1)

    def test_every_guest_mail_links_to_the_privacy_page(self):
        for xmlid in (
            "guest_revisit.mail_template_complaint_registered",
            "guest_revisit.mail_template_complaint_resolved",
        ):
            with self.subTest(template=xmlid):
                body = self.env.ref(xmlid)._render_field(
                    "body_html", self.complaint.ids
                )[self.complaint.id]
                self.assertIn(self.guest._guest_privacy_url(), body)

from odoo.addons.mail.tests.common import MailCommon

COMPLAINT_MAIL = """From: {email_from}
To: {to}
Subject: {subject}
Message-ID: {msg_id}
Date: Mon, 23 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


class ComplaintMailCase(MailCommon):
    """Mails to the complaint alias, on the mail test domain."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("guest_revisit.mail_alias_guest_complaint")
        cls.alias.alias_domain_id = cls.mail_alias_domain
        cls.alias_email = f"{cls.alias.alias_name}@{cls.alias_domain}"


class TestGuestComplaintMailGateway(ComplaintMailCase):
    def _receive(
        self, email_from, subject, body="The room was not cleaned for two days."
    ):
        return self.format_and_process(
            COMPLAINT_MAIL,
            email_from,
            self.alias_email,
            subject=subject,
            target_model="guest.complaint",
            target_field="name",
            body=body,
        )

    def _sent_to(self, partner, complaint):
        """The one mail sent to ``partner`` about ``complaint`` (subjects follow the
        guest's language, the number does not)."""
        sent = [
            mail
            for mail in self._mails
            if complaint.number in mail["subject"]
            and any(partner.email in to for to in mail["email_to"])
        ]
        self.assertEqual(
            len(sent), 1, f"one mail about {complaint.number} to {partner.email}"
        )
        return sent[0]

    def test_known_sender_becomes_the_guest(self):
        guest = self.env["res.partner"].create(
            {"name": "Wang Fang", "email": "gr.wang.fang@example.org"}
        )
        with self.mock_mail_gateway():
            complaint = self._receive(
                "Wang Fang <gr.wang.fang@example.org>", "Dirty room"
            )
            self.flush_tracking()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, guest)
        self.assertEqual(complaint.channel, "email")
        self.assertIn("not cleaned", complaint.description)
        self.assertRegex(complaint.number, r"^TS")
        self.assertEqual(complaint.state, "new")

    def test_unknown_sender_creates_a_guest_and_no_bounce(self):
        with self.mock_mail_gateway():
            complaint = self._receive(
                "New Guest <new.guest@example.org>", "Late pickup"
            )
            self.flush_tracking()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id.email, "new.guest@example.org")
        self.assertEqual(complaint.partner_id.name, "New Guest")
        self.assertNotSentEmail([self.mailer_daemon_email])
        # the guest is told the complaint was registered, with the link to follow it
        sent = self._sent_to(complaint.partner_id, complaint)
        self.assertIn(f"access_token={complaint.access_token}", sent["body"])

    def test_resolution_mail_to_guest(self):
        guest = self.env["res.partner"].create(
            {"name": "Zhao Lei", "email": "gr.zhao.lei@example.org"}
        )
        complaint = self.env["guest.complaint"].create(
            {
                "name": "Noise",
                "partner_id": guest.id,
                "user_id": self.user_employee.id,
                "corrective_action": "Moved to a quiet room",
            }
        )
        self.flush_tracking()
        with self.mock_mail_gateway():
            complaint.action_resolve()
            self.flush_tracking()
        sent = self._sent_to(guest, complaint)
        self.assertIn("Moved to a quiet room", sent["body"])
        self.assertIn(f"access_token={complaint.access_token}", sent["body"])

    def test_guest_mails_go_to_the_guest_only(self):
        """The desk follows the complaint but is not sent a copy of each guest mail;
        the mail stays in the chatter and the guest's portal."""
        guest = self.env["res.partner"].create(
            {"name": "Sun Li", "email": "gr.sun.li@example.org"}
        )
        with self.mock_mail_gateway():
            complaint = self.env["guest.complaint"].create(
                {"name": "Cold meal", "partner_id": guest.id}
            )
            self.flush_tracking()
        complaint.message_subscribe(partner_ids=self.partner_employee.ids)
        acknowledgement = complaint.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("guest_revisit.mt_complaint_guest_mail")
            )
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertEqual(acknowledgement.notified_partner_ids, guest)
        self.assertFalse(acknowledgement.subtype_id.internal)
        # shown in the guest's portal, which lists the public messages alone
        self.assertEqual(
            acknowledgement.filtered_domain(
                self.env["mail.message"]._get_search_domain_share()
            ),
            acknowledgement,
        )
        with self.mock_mail_gateway():
            complaint.write(
                {
                    "user_id": self.user_employee.id,
                    "corrective_action": "A hot meal was served",
                }
            )
            complaint.action_resolve()
            self.flush_tracking()
        result = complaint.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("guest_revisit.mt_complaint_guest_mail")
            )
        )[:1]
        self.assertIn("A hot meal was served", result.body)
        self.assertEqual(result.notified_partner_ids, guest)

    def test_assignment_notice_mints_the_guest_no_signup_token(self):
        """The responsible is mailed Odoo's assignment notice, then a note. The guest
        is not among their recipients, so portal gives the guest no signup token."""
        self.user_employee.notification_type = "email"
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.invitation_scope", "b2c"
        )
        guest = self.env["res.partner"].create(
            {"name": "Zhao Lei", "email": "gr.zhao.lei@example.org"}
        )
        with self.mock_mail_gateway():
            complaint = self.env["guest.complaint"].create(
                {
                    "name": "Noisy room",
                    "partner_id": guest.id,
                    "user_id": self.user_employee.id,
                }
            )
            self.flush_tracking()
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "guest.complaint"),
                ("res_id", "=", complaint.id),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertEqual(notice.notified_partner_ids, self.user_employee.partner_id)
        self.assertIn(complaint.display_name, notice.subject)
        self.assertEqual(
            [
                mail["subject"]
                for mail in self._mails
                if mail["email_to"] == [self.user_employee.email_formatted]
            ],
            [notice.subject],
        )
        self.assertFalse(guest.signup_type)
        # the guest's own acknowledgement still carries the portal link
        sent = self._sent_to(guest, complaint)
        self.assertIn(f"access_token={complaint.access_token}", sent["body"])
        # nor does a note mailed to the responsible
        with self.mock_mail_gateway():
            complaint.message_post(
                body="Please call the guest back today.",
                partner_ids=self.user_employee.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            self.flush_tracking()
        self.assertEqual(len(self._mails), 1)
        self.assertFalse(guest.signup_type)

    def test_batch_create_mails_each_guest_their_own_complaint(self):
        """The acknowledgements of a batch are rendered together: each guest is
        sent one mail, about their own complaint, with their own link."""
        guests = self.env["res.partner"].create(
            [
                {"name": f"Batch guest {i}", "email": f"gr.batch.{i}@example.org"}
                for i in range(3)
            ]
        )
        with self.mock_mail_gateway():
            complaints = self.env["guest.complaint"].create(
                [
                    {
                        "name": f"Late bus {i}",
                        "partner_id": guest.id,
                        "user_id": self.user_employee.id,
                    }
                    for i, guest in enumerate(guests)
                ]
            )
            self.flush_tracking()
        for guest, complaint in zip(guests, complaints, strict=True):
            sent = self._sent_to(guest, complaint)
            self.assertEqual(sent["email_to"], [guest.email_formatted])
            self.assertIn(complaint.name, sent["body"])
            self.assertIn(f"access_token={complaint.access_token}", sent["body"])
            self.assertEqual(
                len(
                    complaint.message_ids.filtered(
                        lambda m: (
                            m.subtype_id
                            == self.env.ref("guest_revisit.mt_complaint_guest_mail")
                        )
                    )
                ),
                1,
            )
        # the responsible is told of the assignment, not sent the guests' mails
        self.assertFalse(
            [
                mail
                for mail in self._mails
                if self.user_employee.email in str(mail["email_to"])
                and "registered your complaint" in mail["subject"]
            ]
        )

    def _guest(self, name, email, lang="en_US"):
        return self.env["res.partner"].create(
            {"name": name, "email": email, "lang": lang}
        )

    def test_acknowledgement_in_the_guest_language(self):
        """A Chinese guest is acknowledged in Chinese, an English one in English,
        each with a link to the portal in their language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        # The default language's links carry no prefix, whichever it is here.
        self.env["ir.default"].set("res.partner", "lang", "en_US")
        chinese = self._guest("李明", "gr.li.ming@example.org", "zh_CN")
        english = self._guest("John Smith", "gr.john.smith@example.org")
        with self.mock_mail_gateway():
            complaints = self.env["guest.complaint"].create(
                [
                    {"name": "房间太吵", "partner_id": chinese.id},
                    {"name": "Noisy room", "partner_id": english.id},
                ]
            )
            self.flush_tracking()
        to_chinese = self._sent_to(chinese, complaints[0])
        self.assertIn("已登记", to_chinese["subject"])
        self.assertIn("感谢您的反馈", to_chinese["body"])
        self.assertNotIn("Thank you", to_chinese["body"])
        self.assertIn(f"/zh_CN/my/complaints/{complaints[0].id}?", to_chinese["body"])
        to_english = self._sent_to(english, complaints[1])
        self.assertIn("We have registered your complaint", to_english["subject"])
        self.assertIn("Thank you for telling us", to_english["body"])
        self.assertIn(f"/my/complaints/{complaints[1].id}?", to_english["body"])
        self.assertNotIn("/en/", to_english["body"])
        self.assertNotIn("/zh_CN/", to_english["body"])

    def test_guest_hears_from_the_company(self):
        """Whoever registers the case, the guest's mail comes from the company."""
        self.env.company.email = "service@gr-hotel.example.org"
        guest = self._guest("Anna Berg", "gr.anna.berg@example.org")
        with self.mock_mail_gateway():
            complaint = self.env["guest.complaint"].create(
                {"name": "Late check-in", "partner_id": guest.id}
            )
            self.flush_tracking()
        self.assertIn(
            "service@gr-hotel.example.org",
            self._sent_to(guest, complaint)["email_from"],
        )

    def test_admin_template_on_a_stage_is_sent_on_entering_it(self):
        guest = self._guest("Qian Hui", "gr.qian.hui@example.org")
        investigating = self.env.ref("guest_revisit.stage_investigating")
        template = self.env["mail.template"].create(
            {
                "name": "Complaint under investigation",
                "model_id": self.env["ir.model"]._get_id("guest.complaint"),
                "subject": "We are looking into {{ object.number }}",
                "partner_to": "{{ object.partner_id.id }}",
                "body_html": "<p>Our team is investigating your complaint.</p>",
            }
        )
        complaint = self.env["guest.complaint"].create(
            {"name": "Lost luggage", "partner_id": guest.id}
        )
        self.flush_tracking()
        # no template on the assigned stage: no mail on entering it
        self.assertFalse(self.env.ref("guest_revisit.stage_assigned").mail_template_id)
        with self.mock_mail_gateway():
            complaint.user_id = self.user_employee
            self.flush_tracking()
        self.assertEqual(complaint.state, "assigned")
        self.assertNotSentEmail([guest])
        investigating.mail_template_id = template
        with self.mock_mail_gateway():
            complaint.action_start_investigation()
            self.flush_tracking()
        sent = self._sent_to(guest, complaint)
        self.assertIn("We are looking into", sent["subject"])
        self.assertIn("investigating your complaint", sent["body"])
        self.assertEqual(
            complaint.message_ids[:1].subtype_id,
            self.env.ref("guest_revisit.mt_complaint_guest_mail"),
        )

    def test_no_mail_when_the_first_stage_has_no_template(self):
        self.env.ref("guest_revisit.stage_new").mail_template_id = False
        guest = self._guest("Zhou Min", "gr.zhou.min@example.org")
        with self.mock_mail_gateway():
            self.env["guest.complaint"].create(
                {"name": "Cold shower", "partner_id": guest.id}
            )
            self.flush_tracking()
        self.assertNotSentEmail([guest])

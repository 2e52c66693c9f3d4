"""Sending email: GOV.UK Notify in production, Django's mail backend in development and tests.

Both take a ``reference`` (the reminder's UUID) so a message can be traced, and so that Notify's
``get_all_notifications(reference=...)`` can tell whether a message went out.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    reference: str
    template: str = "reminder"


class DjangoMailAdapter:
    """Development and tests: the configured Django mail backend (console, file or locmem)."""

    def send(self, email: Email) -> None:
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            headers={"X-Notify-Reference": email.reference},
        )
        message.send(fail_silently=False)


class GovukNotifyAdapter:
    """Production: GOV.UK Notify, one template per kind of message with subject and body as fields."""

    def __init__(self, api_key: str, template_ids: dict[str, str]):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)
        self.template_ids = template_ids

    def send(self, email: Email) -> None:
        self.client.send_email_notification(
            email_address=email.to,
            template_id=self.template_ids[email.template],
            personalisation={"subject": email.subject, "body": email.body},
            reference=email.reference,
        )


def adapter():
    if settings.NOTIFY_API_KEY:
        return GovukNotifyAdapter(settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATE_IDS)
    return DjangoMailAdapter()

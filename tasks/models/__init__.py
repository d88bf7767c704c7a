"""The plan being carried out. Task status lives on ``plans.Task``; here: what units report,
what planners review and what reaches people. One module per aggregate; the app label stays
``tasks``.
"""

from tasks.models.notifications import Notification
from tasks.models.reminders import (
    Delivery,
    DeliveryAttempt,
    Reminder,
    ReminderPolicy,
    UnitChannel,
    default_days_before,
)
from tasks.models.rounds import Round, RoundItem
from tasks.models.workspace import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportLink,
    Review,
    ReviewedRequest,
    TargetFigure,
    attachment_path,
)
from tasks.models.writings import Writing

__all__ = [
    "Acknowledgement",
    "Attachment",
    "CompletionRequest",
    "Delivery",
    "DeliveryAttempt",
    "ExtensionRequest",
    "Notification",
    "ProgressReport",
    "Reminder",
    "ReminderPolicy",
    "ReportLink",
    "Review",
    "ReviewedRequest",
    "Round",
    "RoundItem",
    "TargetFigure",
    "UnitChannel",
    "Writing",
    "attachment_path",  # named by migration 0002
    "default_days_before",  # named by migration 0003
]

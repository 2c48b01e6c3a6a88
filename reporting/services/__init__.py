"""Every write of step 4 (rounds, submissions, review, reviewer scores, appeals), split by topic.

Each function checks permission (PermissionDenied, Thai), validates (ValidationError, Thai, per
field when possible), runs in one transaction and writes an audit event.
"""

from reporting.services.coordination import (
    late_people,
    round_remind_late,
    submissions_accept_many,
)
from reporting.services.review import (
    submission_accept,
    submission_approve,
    submission_reopen,
    submission_return,
)
from reporting.services.rounds import (
    RoundCloseUnconfirmedError,
    round_close,
    round_open,
    round_unaccepted_count,
    round_update_settings,
)
from reporting.services.scores import appeal_answer, appeal_file, reviewer_score_set
from reporting.services.submissions import (
    ActivityInput,
    PointResultInput,
    SubmissionConflictError,
    SubmissionInput,
    submission_save,
    submission_save_and_submit,
    submission_submit,
)

__all__ = [
    "ActivityInput",
    "PointResultInput",
    "RoundCloseUnconfirmedError",
    "SubmissionConflictError",
    "SubmissionInput",
    "appeal_answer",
    "appeal_file",
    "late_people",
    "reviewer_score_set",
    "round_close",
    "round_open",
    "round_remind_late",
    "round_unaccepted_count",
    "round_update_settings",
    "submission_accept",
    "submission_approve",
    "submission_reopen",
    "submission_return",
    "submission_save",
    "submission_save_and_submit",
    "submission_submit",
    "submissions_accept_many",
]

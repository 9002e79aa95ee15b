"""Imports every module's models so that Alembic and the mappers see the whole schema."""

from talent.appraisals.models import (  # noqa: F401
    Appraisal,
    AppraisalAmendment,
    AppraisalCycle,
    BehaviourRating,
    CompletionCount,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    Objective,
)
from talent.audit.models import AuditChainHead, AuditEvent  # noqa: F401
from talent.auth.models import Account, ApiToken, RoleAssignment  # noqa: F401
from talent.demo.models import DemoDataset  # noqa: F401
from talent.edi.models import EdiProfile  # noqa: F401
from talent.insights.models import WorkforceCount  # noqa: F401
from talent.jobs.models import JobRun, Reminder  # noqa: F401
from talent.ned.models import (  # noqa: F401
    NedApplication,
    NedMonitoring,
    NedVacancy,
    PanelConflict,
    PanelMember,
    PanelScore,
    ScoreSubmission,
    ScoringCriterion,
)
from talent.notifications.models import Notification, OutboundEmail  # noqa: F401
from talent.orgs.models import Organisation, OversightSegment, Region  # noqa: F401
from talent.people.models import Person, Post  # noqa: F401
from talent.pipeline.models import (  # noqa: F401
    CalibrationMove,
    CalibrationPosition,
    CalibrationReview,
    PoolMembership,
    ReadinessLevel,
    TalentConversation,
    TalentPool,
)
from talent.programmes.models import (  # noqa: F401
    Accreditation,
    Attendance,
    Cohort,
    Enrolment,
    PrerequisiteRule,
    Programme,
    ProgrammeModule,
)
from talent.standards.models import BehaviourStatement, Domain, Framework, ScalePoint, Standard  # noqa: F401

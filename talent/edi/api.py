from datetime import date, datetime
from typing import Literal

from flask import g
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Strict
from talent.edi import services as edi_services
from talent.edi.models import Disability, EthnicGroup, GenderIdentity, Religion, Sex, SexualOrientation
from talent.errors import NotFound
from talent.people.queries import get_person


class EdiAnswers(BaseModel):
    ethnicity: EthnicGroup | None = Field(None, description="2021 census ethnic group")
    disability: Disability | None = None
    sex: Sex | None = None
    gender_identity: GenderIdentity | None = None
    sexual_orientation: SexualOrientation | None = None
    religion: Religion | None = None
    date_of_birth: date | None = Field(None, description="Used only to place the person in an age band")
    date_of_birth_withheld: bool = Field(False, description="True for 'prefer not to say'")


class EdiProfileUpdate(EdiAnswers, Strict):
    consent: Literal[True] = Field(description="Must be true: the person agrees to anonymous use in statistics")
    version: int | None = Field(
        None, ge=1, le=2_000_000_000, description="The version you read; omit when there is no profile yet"
    )


class EdiProfile(EdiAnswers):
    person_id: int
    consent_version: str
    consent_given_at: datetime
    consent_withdrawn_at: datetime | None
    updated_at: datetime
    version: int


def _profile(profile) -> EdiProfile:
    return EdiProfile.model_validate(profile, from_attributes=True)


@api_route(
    "/people/<id:person_id>/edi-profile",
    method="GET",
    operation_id="getEdiProfile",
    permission="edi.own",
    load=get_person,
    response=EdiProfile,
    summary="Your own equality monitoring answers (nobody else may read them)",
    tag="Equality information",
)
def get_edi_profile(person):
    profile = edi_services.read_profile(person, actor=g.api_account)
    if profile is None:
        raise NotFound("No equality information recorded")
    return _profile(profile)


@api_route(
    "/people/<id:person_id>/edi-profile",
    method="PUT",
    operation_id="updateEdiProfile",
    permission="edi.own",
    load=get_person,
    body=EdiProfileUpdate,
    response=EdiProfile,
    conflict=True,
    summary="Record or replace your own equality monitoring answers, with consent",
    tag="Equality information",
)
def update_edi_profile(person, body: EdiProfileUpdate):
    answers = edi_services.Answers(**body.model_dump(exclude={"consent", "version"}))
    profile = edi_services.save_profile(
        person, answers, consent=body.consent, actor=g.api_account, expected_version=body.version
    )
    return _profile(profile)


@api_route(
    "/people/<id:person_id>/edi-profile",
    method="DELETE",
    operation_id="deleteEdiProfile",
    permission="edi.own",
    load=get_person,
    response=None,
    status=204,
    summary="Delete your own equality monitoring answers; later statistics leave you out",
    tag="Equality information",
)
def delete_edi_profile(person):
    edi_services.delete_profile(person, actor=g.api_account)


@api_route(
    "/people/<id:person_id>/edi-profile/withdraw-consent",
    method="POST",
    operation_id="withdrawEdiConsent",
    permission="edi.own",
    load=get_person,
    response=EdiProfile,
    summary="Stop your answers counting in statistics, keeping them for you",
    tag="Equality information",
)
def withdraw_edi_consent(person):
    return _profile(edi_services.withdraw_consent(person, actor=g.api_account))

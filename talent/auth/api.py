from datetime import datetime

from flask import g, request
from pydantic import BaseModel, Field

from talent.api.routing import api_route
from talent.api.schemas import Strict
from talent.auth import tokens
from talent.auth.policy import current_principal


class TokenRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    name: str = Field("API token", min_length=1, max_length=100)
    expires_in_days: int = Field(30, ge=1, le=tokens.MAXIMUM_DAYS)


class TokenCreated(BaseModel):
    id: int
    name: str
    #: Shown once: store it now.
    token: str
    expires_at: datetime


class Token(BaseModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenList(BaseModel):
    items: list[Token]


class RoleGrant(BaseModel):
    role: str
    label: str
    scope: str
    organisation_id: int | None
    region_id: int | None


class MePerson(BaseModel):
    id: int
    given_name: str
    family_name: str
    organisation_id: int


class Me(BaseModel):
    account_id: int
    email: str
    person: MePerson | None
    roles: list[RoleGrant]


@api_route(
    "/tokens",
    method="POST",
    operation_id="createToken",
    links={"revokeToken": {"token_id": "$response.body#/id"}},
    public=True,
    body=TokenRequest,
    response=TokenCreated,
    status=201,
    summary="Exchange an email and password for an API token",
    tag="Tokens",
)
def create_token(body: TokenRequest):
    record, token = tokens.create_token(
        body.email,
        body.password,
        address=request.remote_addr,
        name=body.name,
        expires_in_days=body.expires_in_days,
    )
    return TokenCreated(id=record.id, name=record.name, token=token, expires_at=record.expires_at)


@api_route(
    "/tokens",
    method="GET",
    operation_id="listTokens",
    permission="token.manage",
    response=TokenList,
    summary="List your API tokens",
    tag="Tokens",
)
def list_tokens():
    return TokenList(items=[Token.model_validate(t, from_attributes=True) for t in tokens.list_tokens(g.api_account)])


@api_route(
    "/tokens/<id:token_id>",
    method="DELETE",
    operation_id="revokeToken",
    permission="token.manage",
    load=tokens.get_token,
    response=None,
    status=204,
    summary="Revoke one of your API tokens",
    tag="Tokens",
)
def revoke_token(token):
    tokens.revoke_token(token, actor=g.api_account)


@api_route(
    "/me",
    method="GET",
    operation_id="getMe",
    links={
        target: {"person_id": "$response.body#/person/id"}
        for target in (
            "getPerson",
            "getEligibility",
            "getEdiProfile",
            "updateEdiProfile",
            "deleteEdiProfile",
            "withdrawEdiConsent",
        )
    },
    permission="me.view",
    response=Me,
    summary="Your account, person, roles and scopes",
    tag="Accounts",
)
def get_me():
    account = g.api_account
    principal = current_principal()
    grants = [
        RoleGrant(
            role=a.role.value,
            label=a.role.label,
            scope=a.role.scope.value,
            organisation_id=a.organisation_id,
            region_id=a.region_id,
        )
        for a in account.role_assignments
    ]
    for role in sorted(principal.roles - {a.role for a in account.role_assignments}, key=lambda r: r.value):
        grants.append(
            RoleGrant(role=role.value, label=role.label, scope=role.scope.value, organisation_id=None, region_id=None)
        )
    person = account.person
    return Me(
        account_id=account.id,
        email=account.email,
        person=MePerson.model_validate(person, from_attributes=True) if person else None,
        roles=grants,
    )

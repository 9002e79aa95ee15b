from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from talent.auth.models import Account, RoleAssignment
from talent.extensions import db


def paginate_accounts(page: int, per_page: int = 50):
    query = (
        select(Account)
        .options(
            joinedload(Account.person),
            selectinload(Account.role_assignments).joinedload(RoleAssignment.organisation),
            selectinload(Account.role_assignments).joinedload(RoleAssignment.region),
        )
        .order_by(Account.email)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def accounts_of(person_ids) -> dict[int, Account]:
    """The accounts of these people, by person id (people without an account are left out)."""
    wanted = [person_id for person_id in set(person_ids) if person_id is not None]
    if not wanted:
        return {}
    return {
        account.person_id: account
        for account in db.session.scalars(select(Account).where(Account.person_id.in_(wanted)))
    }


def role_holders(role, *, organisation_ids=(), region_ids=()) -> dict[int, list[Account]]:
    """Accounts holding ``role``, grouped by the organisation (or region) their assignment covers,
    in one query however many organisations are asked about."""
    scope = RoleAssignment.organisation_id if organisation_ids else RoleAssignment.region_id
    ids = list(organisation_ids or region_ids)
    holders: dict[int, list[Account]] = {}
    if not ids:
        return holders
    for scope_id, account in db.session.execute(
        select(scope, Account).join(RoleAssignment.account).where(RoleAssignment.role == role, scope.in_(ids))
    ):
        holders.setdefault(scope_id, []).append(account)
    return holders


def national_role_holders(role) -> list[Account]:
    """Accounts holding ``role`` for the whole of England (no organisation or region)."""
    return list(
        db.session.scalars(
            select(Account)
            .join(RoleAssignment, RoleAssignment.account_id == Account.id)
            .where(
                RoleAssignment.role == role,
                RoleAssignment.organisation_id.is_(None),
                RoleAssignment.region_id.is_(None),
            )
            .order_by(Account.id)
        )
    )

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

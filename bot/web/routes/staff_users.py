"""Staff accounts, for administrators (`/staff/users`): add one, disable or enable it, set
a new password. The same as `python -m bot users ...`."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.store import audit
from bot.store.models import StaffRole
from bot.web.staff.accounts import (
    AccountError,
    create_user,
    list_users,
    reset_password,
    set_active,
)
from bot.web.staff.guard import Visit, portal_page, redirect, render_visit
from bot.web.staff.passwords import MIN_LENGTH


def _page(visit: Visit, problem: str | None = None, done: str | None = None,
          status_code: int = 200, email: str = "") -> Response:
    return render_visit(visit, "staff/users.html", status_code=status_code,
                        users=list_users(visit.sessions), problem=problem, done=done,
                        roles=[r.value for r in StaffRole], min_length=MIN_LENGTH, email=email)


@portal_page(role=StaffRole.ADMIN)
def users(visit: Visit) -> Response:
    return _page(visit, done=visit.request.query_params.get("done"))


@portal_page(role=StaffRole.ADMIN)
def add_user(visit: Visit) -> Response:
    email, role = visit.field("email"), visit.field("role")
    password = visit.form.get("password") if visit.form is not None else ""
    if role not in {r.value for r in StaffRole}:
        return _page(visit, "Choose a role.", status_code=400, email=email)
    try:
        user = create_user(visit.sessions, email, role, str(password or ""))
    except AccountError as error:
        return _page(visit, str(error), status_code=400, email=email)
    audit.record(visit.sessions, visit.user, audit.ACCOUNT,
                 detail=f"created {user.email} ({user.role.value})")
    return redirect("/staff/users?done=added")


@portal_page(role=StaffRole.ADMIN)
def change_user(visit: Visit) -> Response:
    email, action = visit.field("email"), visit.field("action")
    assert visit.user is not None
    try:
        if action in ("disable", "enable"):
            if action == "disable" and email.lower() == visit.user.email:
                raise AccountError("You cannot disable your own account here.")
            set_active(visit.sessions, email, action == "enable")
        elif action == "reset":
            password = visit.form.get("password") if visit.form is not None else ""
            reset_password(visit.sessions, email, str(password or ""))
        else:
            raise AccountError("Unknown change.")
    except AccountError as error:
        return _page(visit, str(error), status_code=400)
    audit.record(visit.sessions, visit.user, audit.ACCOUNT, detail=f"{action} {email.lower()}")
    return redirect(f"/staff/users?done={action}")


routes = [
    Route("/users", users, name="staff_users"),
    Route("/users/add", add_user, methods=["POST"], name="staff_users_add"),
    Route("/users/change", change_user, methods=["POST"], name="staff_users_change"),
]

"""One conversation (`/staff/conversations/<id>`): its transcript, whether the assistant is
paused in it and by whom, and the take-over controls: pause and write to the visitor, hand
back with one click, or mark a waiting request done. The work is in bot/web/staff/takeover.py.

While staff are on the page, its script (bot/web/staff/assets/live.js) asks `.../updates`
every few seconds for the transcript's new lines; without JavaScript staff reload.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response
from starlette.routing import Route

from bot.store.handoff import hold_of, is_waiting, lead_of, waiting_count
from bot.store.transcripts import conversation_state, transcript
from bot.web.staff.guard import (
    Visit,
    json_answer,
    portal_page,
    redirect,
    render_fragment,
    render_visit,
)
from bot.web.staff.rasa_api import RasaApi, RasaApiError
from bot.web.staff.takeover import (
    TakeoverError,
    display_name_for,
    hand_back,
    mark_done,
    take_over,
    write,
)

NOTE_KEY = "takeover_note"  # what the last action left to say, shown once on the page
NAME_KEY = "display_name"  # the name this staff member last showed visitors
UNAVAILABLE = (
    "Taking over is unavailable: the web app has no RASA_API_TOKEN (start the "
    "assistant with `python -m bot run`, or set the token in .env for both)."
)


def _conversation_id(visit: Visit) -> str:
    return str(visit.request.path_params["conversation_id"])


def _path(conversation_id: str) -> str:
    return f"/staff/conversations/{quote(conversation_id, safe='')}"


@portal_page()
def conversation_page(visit: Visit) -> Response:
    return _show(visit, _conversation_id(visit))


def _show(
    visit: Visit,
    conversation_id: str,
    problem: str | None = None,
    status_code: int = 200,
    message: str = "",
) -> Response:
    engine = visit.sessions.kw["bind"]
    state = conversation_state(engine, conversation_id)
    if not state.exists:
        return render_visit(visit, "staff/conversation_not_found.html", status_code=404)
    lead = lead_of(visit.sessions, conversation_id)
    assert visit.user is not None
    note = visit.session.pop(NOTE_KEY, None)
    return render_visit(
        visit,
        "staff/conversation.html",
        status_code=status_code,
        problem=problem,
        note=note,
        conversation_id=conversation_id,
        path=_path(conversation_id),
        state=state,
        hold=hold_of(visit.sessions, conversation_id) if state.paused else None,
        waiting=is_waiting(visit.sessions, conversation_id),
        lead=lead,
        transcript=transcript(engine, [conversation_id]),
        link_conversations=False,
        display_name=visit.session.get(NAME_KEY) or display_name_for(visit.user.email),
        message=message,
        available=RasaApi.for_settings(visit.settings) is not None,
        unavailable=UNAVAILABLE,
    )


def _act(visit: Visit, action: str) -> Response:
    conversation_id = _conversation_id(visit)
    if not conversation_state(visit.sessions.kw["bind"], conversation_id).exists:
        return _show(visit, conversation_id)  # the 404 page
    api = RasaApi.for_settings(visit.settings)
    if api is None:
        return _show(visit, conversation_id, UNAVAILABLE, 503)
    assert visit.user is not None
    try:
        if action == "pause":
            name = visit.field("display_name")
            delivery = take_over(
                api, visit.settings, visit.sessions, visit.user, conversation_id, name
            )
            visit.session[NAME_KEY] = " ".join(name.split())
        elif action == "write":
            name = visit.session.get(NAME_KEY) or display_name_for(visit.user.email)
            hold = hold_of(visit.sessions, conversation_id)
            delivery = write(
                api,
                visit.settings,
                visit.sessions,
                visit.user,
                conversation_id,
                hold.display_name if hold else name,
                visit.field("message"),
            )
        else:
            delivery = hand_back(api, visit.settings, visit.sessions, visit.user, conversation_id)
    except TakeoverError as error:
        return _show(visit, conversation_id, str(error), 400, message=visit.field("message"))
    except RasaApiError as error:
        return _show(
            visit,
            conversation_id,
            f"Nothing was changed: {error}. Try again in a moment.",
            502,
            message=visit.field("message"),
        )
    if delivery.note:
        visit.session[NOTE_KEY] = delivery.note[:300]
    # After writing or taking over, the page opens at the reply box under the latest message.
    return redirect(_path(conversation_id) + ("" if action == "resume" else "#write"))


@portal_page(renew=False)
def conversation_updates(visit: Visit) -> Response:
    """For the page's script: the transcript's lines past the first `after` (the number the
    page shows), rendered as the page renders them, the new count to pass back as `after`,
    whether the assistant is paused, and how many visitors wait for a person."""
    conversation_id = _conversation_id(visit)
    engine = visit.sessions.kw["bind"]
    state = conversation_state(engine, conversation_id)
    if not state.exists:
        return json_answer({"error": "no such conversation"}, 404)
    after = visit.request.query_params.get("after", "")
    shown = int(after) if after.isdigit() else 0
    lines = transcript(engine, [conversation_id])
    lead = lead_of(visit.sessions, conversation_id)
    html = render_fragment(
        visit,
        "staff/_lines.html",
        lines=lines[shown:],
        visitor_label=lead.name if lead else "Visitor",
    )
    return json_answer(
        {
            "after": max(len(lines), shown),
            "lines": html.strip(),
            "paused": state.paused,
            "waiting": waiting_count(visit.sessions),
        }
    )


@portal_page()
def post_pause(visit: Visit) -> Response:
    return _act(visit, "pause")


@portal_page()
def post_message(visit: Visit) -> Response:
    return _act(visit, "write")


@portal_page()
def post_resume(visit: Visit) -> Response:
    return _act(visit, "resume")


@portal_page()
def post_done(visit: Visit) -> Response:
    """Close a waiting request without taking over (the visitor was called, say)."""
    assert visit.user is not None
    mark_done(visit.sessions, visit.user, _conversation_id(visit))
    return redirect("/staff/queue")


routes = [
    Route("/conversations/{conversation_id}", conversation_page, name="staff_conversation"),
    Route(
        "/conversations/{conversation_id}/updates",
        conversation_updates,
        name="staff_conversation_updates",
    ),
    Route(
        "/conversations/{conversation_id}/pause",
        post_pause,
        methods=["POST"],
        name="staff_conversation_pause",
    ),
    Route(
        "/conversations/{conversation_id}/messages",
        post_message,
        methods=["POST"],
        name="staff_conversation_message",
    ),
    Route(
        "/conversations/{conversation_id}/resume",
        post_resume,
        methods=["POST"],
        name="staff_conversation_resume",
    ),
    Route(
        "/conversations/{conversation_id}/done",
        post_done,
        methods=["POST"],
        name="staff_conversation_done",
    ),
]

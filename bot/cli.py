"""`python -m bot ...`: the project's commands, each a thin layer over a module of `bot/`."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import TYPE_CHECKING, Callable, List
from urllib.parse import urlsplit

from bot.notify.webhook import LOCAL_HOSTS
from bot.settings import Settings, SettingsError, get_settings

if TYPE_CHECKING:
    from bot.runner import Assistant

Loader = Callable[[], Settings]


def main(argv: List[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; `settings` stand in for the ones loaded from .env (tests pass theirs)."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="the clinic's database")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or migrate the database to the latest schema")
    revision = db_commands.add_parser("revision", help="autogenerate a migration from the models")
    revision.add_argument("message")

    train = commands.add_parser("train", help="train the model if its inputs changed")
    train.add_argument("--force", action="store_true", help="train even if unchanged")

    commands.add_parser("run", help="start the assistant (Rasa, action server, web page)")

    leads = commands.add_parser("leads", help="the leads the assistant captured")
    leads_commands = leads.add_subparsers(dest="leads_command", required=True)
    export = leads_commands.add_parser("export", help="write every lead as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", help="file to write (default: standard output)")
    leads_commands.add_parser(
        "recover", help="save finished intakes that are in the conversation history but not stored"
    )
    commands.add_parser("check-settings", help="load .env and report the first problem")

    users = commands.add_parser(
        "users", help="staff portal accounts (passwords are read from a prompt or stdin)")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    create = users_commands.add_parser("create", help="add an account")
    create.add_argument("--email", required=True)
    create.add_argument("--role", choices=("staff", "admin"), default="staff",
                        help="staff work leads; admins also export, read the audit log and "
                        "manage accounts")
    users_commands.add_parser("list", help="every account, its role and state")
    disable = users_commands.add_parser("disable", help="stop an account signing in (ends its "
                                        "sessions)")
    disable.add_argument("--email", required=True)
    reset = users_commands.add_parser("reset-password", help="set a new password (ends the "
                                      "account's sessions)")
    reset.add_argument("--email", required=True)

    consultations = commands.add_parser("consultations", help="booked consultations")
    consultations_commands = consultations.add_subparsers(dest="consultations_command",
                                                          required=True)
    treated = consultations_commands.add_parser(
        "treated", help="mark a consultation's treatment done: its aftercare check-in is "
        "texted two days after it (with SMS on)")
    treated.add_argument("reference", help="the consultation's reference, C-XXXXXXXX")

    notifications = commands.add_parser("notifications",
                                        help="the outbox of emails, webhooks and texts")
    notifications_commands = notifications.add_subparsers(dest="notifications_command",
                                                          required=True)
    notifications_commands.add_parser("send", help="deliver due notifications (cron-friendly)")
    listing = notifications_commands.add_parser(
        "list", help="notifications given up on (recipients masked, no message text)")
    listing.add_argument("--failed", action="store_true", required=True,
                         help="those that failed NOTIFY_MAX_ATTEMPTS times")

    args = parser.parse_args(argv)
    # Loaded only when a command needs them: `train` runs even with a broken .env.
    load: Loader = (lambda: settings) if settings is not None else get_settings
    try:
        return _COMMANDS[args.command](args, load)
    except SettingsError as error:
        print(f"Configuration problem: {error}", file=sys.stderr)
        return 2


def _db(args: argparse.Namespace, load: Loader) -> int:
    from bot.store import migrate

    url = load().database_url
    if args.db_command == "upgrade":
        migrate.upgrade(url)
        print("Database is at the latest schema.")
    else:
        migrate.new_revision(url, args.message)
    return 0


def _train(args: argparse.Namespace, _load: Loader) -> int:
    from bot.training import ensure_model

    ensure_model(force=args.force)
    return 0


def _run(_args: argparse.Namespace, load: Loader) -> int:
    from bot.runner import Assistant, StartupError
    from bot.training import ensure_model

    settings = load()
    assistant = Assistant(settings=settings, model=ensure_model())
    # A plain `kill` (SIGTERM) must stop every server too, not leave them running.
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    started = time.monotonic()
    try:
        assistant.start()
    except StartupError as error:
        print(f"Could not start the assistant: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # stopped while starting: start() has already stopped them
        return 0
    print(ready_message(assistant, time.monotonic() - started), flush=True)
    try:
        code = assistant.wait(every_30_s=_outbox_worker(settings))
        print(f"A server stopped (exit code {code}); stopping the others.", file=sys.stderr)
        return code or 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        _ignore_stop_signals()
        assistant.stop()


def ready_message(assistant: Assistant, seconds: float) -> str:
    """What `python -m bot run` prints once every server answers: the clinic page first."""
    # localhost, not 127.0.0.1: both are allowed origins, and it is the one people type.
    page = assistant.web_url.replace("127.0.0.1", "localhost")
    rasa = assistant.rasa_url.replace("127.0.0.1", "localhost")
    return (
        f"\nThe assistant for {assistant.settings.clinic.name} is ready ({seconds:.0f} s):\n"
        f"  Clinic page:     {page}/   (open it: the chat widget is on it)\n"
        f"  Staff portal:    {page}/staff   (an account first: python -m bot users create "
        "--email you@clinic.example --role admin)\n"
        f"  Chat over HTTP:  POST {rasa}/webhooks/rest/webhook  "
        '{"sender": "me", "message": "how much is microneedling?"}\n'
        f"  Chat widget:     socket.io at {rasa}/socket.io\n"
        f"  Action server:   {assistant.action_url}/health\n"
        f"{_sms_line(assistant.settings)}"
        "Press Ctrl-C to stop.\n"
    )


def _sms_line(settings: Settings) -> str:
    """Where Twilio must send incoming texts, when SMS is on."""
    if not settings.sms.enabled:
        return ""
    line = (f"  Texts (SMS):     give Twilio this webhook (A message comes in, HTTP POST): "
            f"{settings.sms.webhook_url}\n")
    if urlsplit(settings.sms.webhook_url).hostname in LOCAL_HOSTS:
        line += ("                   Twilio cannot reach this machine's own address: set "
                 "PUBLIC_BASE_URL (or SMS_WEBHOOK_URL) to the public https:// address.\n")
    return line


def _leads(args: argparse.Namespace, load: Loader) -> int:
    from bot.store.db import make_engine, make_session_factory

    engine = make_engine(load().database_url)
    session_factory = make_session_factory(engine)
    if args.leads_command == "export":
        from bot.store.export import lead_rows, to_csv, to_json, write_export

        rows = lead_rows(session_factory)
        content = to_csv(rows) if args.format == "csv" else to_json(rows) + "\n"
        if args.output:
            write_export(args.output, content)
            print(f"Wrote {len(rows)} leads to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(content)
        return 0
    from bot.intake.recovery import recover_intakes

    recovered = recover_intakes(engine, session_factory)
    print(f"Recovered {len(recovered)} intake(s)" + "".join(f"\n  {c}" for c in recovered))
    return 0


def _notifications(args: argparse.Namespace, load: Loader) -> int:
    from bot.notify.outbox import deliver_due, failed_notifications
    from bot.store.db import make_engine, make_session_factory

    settings = load()
    session_factory = make_session_factory(make_engine(settings.database_url))
    if args.notifications_command == "list":
        failed = failed_notifications(session_factory)
        for n in failed:
            print(f"#{n.id}  {n.channel}  {n.topic}  to {n.recipient}  {n.attempts} attempts  "
                  f"created {n.created_at:%Y-%m-%d %H:%M} UTC\n    last error: {n.last_error}")
        print(f"{len(failed)} failed notification(s)")
        return 0
    report = deliver_due(session_factory, settings)
    print(f"Delivered {report.delivered}, failed {report.failed} (kept for retry, "
          f"{report.gave_up} given up after {settings.notifications.max_attempts} attempts), "
          f"skipped {report.skipped}")
    return 0


def _consultations(args: argparse.Namespace, load: Loader) -> int:
    from bot.booking.aftercare import mark_treated
    from bot.store.aftercare import AftercareError
    from bot.store.db import make_engine, make_session_factory

    settings = load()
    session_factory = make_session_factory(make_engine(settings.database_url))
    try:
        treated = mark_treated(session_factory, settings, args.reference)
    except AftercareError as error:
        print(f"Not done: {error}", file=sys.stderr)
        return 1
    if treated.already:
        print(f"{treated.reference} was marked treated on {treated.treated_at:%Y-%m-%d} "
              "already; nothing changed.")
    else:
        print(f"{treated.reference} marked treated.")
    if treated.notification_ids:
        print("Its aftercare check-in is queued: texted two days after the consultation, "
              "within the texting hours, if the number has consent and has not opted out.")
    elif not treated.already:
        print("SMS is off (TWILIO_* not set): no check-in will be texted.")
    return 0


def _stop_on_signal(_signum: int, _frame: object) -> None:
    # `kill -- -<pgid>` of `make run` sends SIGTERM twice (directly, then forwarded by make):
    # a second KeyboardInterrupt inside assistant.stop() would leave the Rasa server running.
    _ignore_stop_signals()
    raise KeyboardInterrupt


def _ignore_stop_signals() -> None:
    """Once stopping has begun, let it finish whatever SIGTERM or SIGINT arrives meanwhile."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _outbox_worker(settings: Settings) -> Callable[[], None]:
    """While the assistant runs, retry notifications that could not be delivered at once."""
    from bot.notify.outbox import deliver_due
    from bot.store.db import make_engine, make_session_factory

    session_factory = make_session_factory(make_engine(settings.database_url))

    def deliver() -> None:
        try:
            deliver_due(session_factory, settings)
        except Exception as error:  # noqa: BLE001 - retried on the next round
            print(f"Delivering notifications failed: {error}", file=sys.stderr)

    return deliver


def _check_settings(_args: argparse.Namespace, load: Loader) -> int:
    settings = load()
    print(f"Settings are valid for {settings.clinic.name}.")
    return 0


def _users(args: argparse.Namespace, load: Loader) -> int:
    from bot.store.db import make_engine, make_session_factory
    from bot.web.staff import accounts

    session_factory = make_session_factory(make_engine(load().database_url))
    try:
        if args.users_command == "list":
            found = accounts.list_users(session_factory)
            for user in found:
                last = f"{user.last_sign_in_at:%Y-%m-%d %H:%M} UTC" if user.last_sign_in_at \
                    else "never"
                print(f"{user.email}  {user.role.value}  "
                      f"{'active' if user.active else 'disabled'}  last sign-in {last}")
            print(f"{len(found)} account(s)")
        elif args.users_command == "disable":
            user = accounts.set_active(session_factory, args.email, False)
            print(f"Disabled {user.email}; its sessions have ended.")
        elif args.users_command == "create":
            user = accounts.create_user(session_factory, args.email, args.role,
                                        _read_password())
            print(f"Created {user.role.value} account {user.email}. Sign in at "
                  f"{load().web.base_url}/staff")
        else:
            user = accounts.reset_password(session_factory, args.email, _read_password())
            print(f"New password set for {user.email}; its other sessions have ended.")
    except accounts.AccountError as error:
        print(f"Not done: {error}", file=sys.stderr)
        return 1
    return 0


def _read_password() -> str:
    """A new password: typed twice at a prompt, or the first line of standard input (for
    scripts). Never an argument: those show in `ps` and the shell's history."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass("Password: ")
    if getpass.getpass("The same password again: ") != password:
        from bot.web.staff.accounts import AccountError

        raise AccountError("the two passwords differ")
    return password


_COMMANDS = {
    "db": _db, "train": _train, "run": _run, "leads": _leads, "check-settings": _check_settings,
    "notifications": _notifications, "users": _users, "consultations": _consultations,
}

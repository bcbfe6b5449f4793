"""Operator commands: `python -m licensure_app.cli <command> [--db-url URL]`.

migrate        upgrade the database to the code's migration head
check          exit 1 (message on stderr) unless the database is migrated
load-demo      load the demo data of SPEC section 7 into an empty database
bulk-licenses  append N synthetic licenses (look-up benchmarks)
audit-verify   check the audit log's hash chain
outbox         show the latest e-mails kept in the outbox
deliver        send the outbox's due e-mails through SMTP_HOST now
remind         send the 365/180/90/30-day expiry reminders due today (run daily from cron)
backup         back up the database to a file (--to FILE)
restore        restore the database from a backup file (--from FILE [--force])
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date

from sqlmodel import select

from licensure_app.infra import backup, clock, demo, mail_delivery, schema, synthetic
from licensure_app.services import audit
from licensure_app.services.licensing import reminders

from . import settings
from .db import read_scope, session_scope
from .models import OutboxEmail


def _migrate(args: argparse.Namespace) -> int:
    schema.migrate(args.db_url)
    print(
        f"Database {schema.safe_url(args.db_url)} is at revision {schema.current_revision(args.db_url)}"
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        schema.assert_migrated(args.db_url)
    except schema.DatabaseNotMigrated as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Database {schema.safe_url(args.db_url)} is migrated ({schema.head_revision()})")
    return 0


def _load_demo(args: argparse.Namespace) -> int:
    schema.assert_migrated(args.db_url)
    started = time.perf_counter()
    with session_scope(args.db_url) as session:
        if not demo.database_is_empty(session):
            print("Database already has data; demo data not loaded")
            return 0
        summary = demo.load_demo_data(session, demo.demo_today())
    seconds = time.perf_counter() - started
    print(
        f"Demo data loaded in {seconds:.1f} s: {summary.licenses} licenses, "
        f"{summary.accounts} accounts, {summary.districts} districts."
    )
    print(f"Demo sign-ins (password {demo.DEMO_PASSWORD}):")
    for who, email in demo.DEMO_SIGN_INS:
        print(f"  {email:<42} {who}")
    return 0


def _bulk_licenses(args: argparse.Namespace) -> int:
    schema.assert_migrated(args.db_url)
    seconds = synthetic.bulk_load_licenses(args.db_url, args.licenses, seed=args.seed)
    rate = args.licenses / seconds if seconds else 0
    print(f"Loaded {args.licenses} licenses in {seconds:.1f} s ({rate:,.0f} a second)")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    with read_scope(args.db_url) as session:
        result = audit.verify(session)
    if not result.ok:
        print(f"Audit log is BROKEN: {result.problem}", file=sys.stderr)
        return 1
    print(
        f"Audit log is intact: {result.events} events, chain and "
        f"{result.checkpoints} checkpoints verified"
    )
    if args.checkpoint:
        with session_scope(args.db_url) as session:
            audit.checkpoint(session)
        print("Checkpoint written.")
    return 0


def _outbox(args: argparse.Namespace) -> int:
    with read_scope(args.db_url) as session:
        emails = session.exec(
            select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(args.limit)
        ).all()
    if not emails:
        print("The outbox is empty")
    for email in emails:
        print(f"To: {email.to_address}")
        print(f"Subject: {email.subject}")
        print(f"Created: {email.created_at.isoformat(timespec='seconds')}")
        status = f"{email.status}, {email.attempts} attempt(s)"
        print(f"Status: {status}" + (f": {email.error}" if email.error else ""))
        print()
        print(email.body)
        print("-" * 72)
    return 0


def _deliver(args: argparse.Namespace) -> int:
    schema.assert_migrated(args.db_url)
    smtp = mail_delivery.SmtpSettings.from_environment()
    if smtp is None:
        print("SMTP_HOST is not set: mail stays in the outbox.", file=sys.stderr)
        return 2
    sent = retrying = failed = 0
    while True:
        result = mail_delivery.deliver_due(smtp, args.db_url)
        sent, retrying, failed = (
            sent + result.sent,
            retrying + result.retrying,
            failed + result.failed,
        )
        if result.claimed < mail_delivery.BATCH:
            break
    print(f"Outbox: {sent} sent, {retrying} to retry later, {failed} failed")
    return 0 if failed == 0 else 1


def _remind(args: argparse.Namespace) -> int:
    schema.assert_migrated(args.db_url)
    today = date.fromisoformat(args.today) if args.today else clock.today()
    with session_scope(args.db_url) as session:
        result = reminders.send_reminders(session, today)
    print(
        f"Expiry reminders for {today.isoformat()}: {result.sent} sent, "
        f"{result.already_sent} already sent earlier"
    )
    return 0


def _backup(args: argparse.Namespace) -> int:
    try:
        result = backup.backup(args.db_url, args.target)
    except backup.BackupError as exc:
        print(f"Backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"Backed up {schema.safe_url(args.db_url)} (revision {result.revision or 'none'}) "
        f"to {result.path}: {result.size_bytes:,} bytes in {result.seconds:.1f} s"
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    try:
        result = backup.restore(args.db_url, args.source, force=args.force)
    except backup.BackupError as exc:
        print(f"Restore failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"Restored {schema.safe_url(args.db_url)} from {result.path} in {result.seconds:.1f} s; "
        f"it is at revision {result.revision or 'none'}"
    )
    if result.revision != schema.head_revision():
        print("Run `python -m licensure_app.cli migrate` before starting the app.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m licensure_app.cli", description="Educator licensure operator commands."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.add_argument(
            "--db-url",
            default=None,
            help="database URL (default: REFLEX_DB_URL, else licensure.db in the project)",
        )
        sub.set_defaults(handler=handler)
        return sub

    add("migrate", _migrate, "Upgrade the database to the code's migration head.")
    add("check", _check, "Exit 1 unless the database is migrated.")
    add("load-demo", _load_demo, "Load the demo data into an empty database.")
    bulk = add("bulk-licenses", _bulk_licenses, "Append synthetic licenses for benchmarks.")
    bulk.add_argument("--licenses", type=int, required=True, help="how many licenses to add")
    bulk.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    verify = add("audit-verify", _audit_verify, "Check the audit log's chain and checkpoints.")
    verify.add_argument(
        "--checkpoint", action="store_true", help="then record the log's head as a checkpoint"
    )
    outbox = add("outbox", _outbox, "Show the latest e-mails in the outbox.")
    outbox.add_argument("--limit", type=int, default=10, help="how many (default 10)")
    add("deliver", _deliver, "Send the outbox's due e-mails through SMTP_HOST now.")
    remind = add("remind", _remind, "Send the expiry reminders due today (run daily).")
    remind.add_argument("--today", default=None, help="the day to act as (YYYY-MM-DD)")
    backup_cmd = add(
        "backup",
        _backup,
        "Back up the database to a file (SQLite online backup; pg_dump on PostgreSQL).",
    )
    backup_cmd.add_argument("--to", dest="target", required=True, help="the backup file to write")
    restore_cmd = add(
        "restore",
        _restore,
        "Restore the database from a backup file (stop the app processes first).",
    )
    restore_cmd.add_argument("--from", dest="source", required=True, help="the backup file to read")
    restore_cmd.add_argument(
        "--force", action="store_true", help="replace a database that already holds tables"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Resolved once here so every command and every message uses the same URL.
    args.db_url = args.db_url or settings.database_url()
    try:
        return args.handler(args)
    except schema.DatabaseNotMigrated as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

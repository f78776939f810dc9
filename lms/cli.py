"""``flask lms …`` commands: thin calls into the services."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from .audit.services import record
from .backup import services as backups
from .content.sources import content_path, load_content
from .content.summary import all_facts, catalogue_table
from .db import MIGRATIONS_DIR, db, make_sqlite_private
from .demo import accounts as demo
from .figures.counting import rebuild
from .lti.commands import lti_cli
from .people import import_jobs
from .people.branches import get_or_create_network, import_libraries
from .people.models import Network, Role, User
from .people.services import PeopleError, create_user
from .reports.jobs import run_waiting
from .reports.statistical_form import FormError, read_form

lms_cli = AppGroup("lms", help="Gramota: database, content and demo data.")


@lms_cli.result_callback()
def _commit(*_results, **_options) -> None:
    """One transaction per command: what it changed is committed when it ends without an
    error (an error or sys.exit leaves the database as it was)."""
    db.session.commit()


@lms_cli.command("init")
def init_command():
    """Create the database or bring it up to date."""
    upgrade(directory=str(MIGRATIONS_DIR))
    for path in make_sqlite_private(db.engine):
        click.echo(f"{path} was readable by others: now by its owner only (mode 600).")
    click.echo("The database is up to date.")


@lms_cli.command("check")
@click.option("--strict", is_flag=True, help="Treat warnings as errors too.")
def check_command(strict: bool):
    """Check all course files; print path:line for every problem."""
    catalogue = load_content(current_app)
    for problem in catalogue.problems:
        click.echo(str(problem), err=True)
    errors = len(catalogue.errors) + _check_report_forms()
    stale = _stale_facts(catalogue)
    warnings = len(catalogue.problems) - len(catalogue.errors) + stale
    lessons = sum(len(course.lessons) for course in catalogue.courses.values())
    quizzes = sum(len(course.quizzes) for course in catalogue.courses.values())
    practices = sum(len(course.practices) for course in catalogue.courses.values())
    click.echo(f"{len(catalogue.courses)} courses, {lessons} lessons, {quizzes} quizzes, "
               f"{practices} practice{'' if practices == 1 else 's'}; "
               f"{errors} errors, {warnings} warnings.")
    if errors or (strict and warnings):
        sys.exit(1)


def _stale_facts(catalogue) -> int:
    """Print the facts checked longer ago than LMS_FACTS_MAX_AGE_MONTHS; return how many."""
    today = date.today()
    months = current_app.config["LMS_FACTS_MAX_AGE_MONTHS"]
    stale = 0
    for path, fact in all_facts(catalogue):
        year, month = map(int, fact.reviewed.split("-"))
        if (today.year - year) * 12 + today.month - month > months:
            click.echo(f"{path}:{fact.line}: a fact last checked {fact.reviewed}, more than "
                       f"{months} months ago: check it again ({fact.text}) (warning)", err=True)
            stale += 1
    return stale


@lms_cli.command("facts")
@click.option("--older-than", "months", type=click.IntRange(0, 600), default=None,
              help="Only the facts checked more than this many months ago.")
def facts_command(months: int | None):
    """List the facts that may change, marked in the courses and quizzes, oldest first."""
    today = date.today()
    found = sorted(all_facts(load_content(current_app)), key=lambda f: (f[1].reviewed, f[0]))
    shown = 0
    for path, fact in found:
        year, month = map(int, fact.reviewed.split("-"))
        if months is None or (today.year - year) * 12 + today.month - month > months:
            click.echo(f"{fact.reviewed}  {path}:{fact.line}  {fact.text}")
            shown += 1
    click.echo(f"{shown} facts.")


def _check_report_forms() -> int:
    """Read every printed report layout (report_forms/*.yaml); return how many are wrong."""
    wrong = 0
    for path in sorted(content_path(current_app, "LMS_REPORT_FORMS_DIR").glob("*.yaml")):
        try:
            read_form(path)
        except FormError as exc:
            click.echo(str(exc), err=True)
            wrong += 1
    return wrong


@lms_cli.command("catalogue")
def catalogue_command():
    """Print the catalogue as a Markdown table (for docs/catalogue.md)."""
    click.echo(catalogue_table(load_content(current_app)), nl=False)


@lms_cli.command("reports-rebuild")
def reports_rebuild_command():
    """Recount the reports' summary tables from the stored facts."""
    rebuild(db.session.connection())
    click.echo("The report figures have been recounted.")


@lms_cli.command("exports-run")
def exports_run_command():
    """Write the exports that wait (a separate process instead of the site's thread)."""
    written = run_waiting(current_app._get_current_object())
    click.echo(f"{written} exports written.")


@lms_cli.command("imports-run")
def imports_run_command():
    """Register the files of learners that wait (instead of the site's thread)."""
    done = import_jobs.run_waiting(current_app._get_current_object())
    click.echo(f"{done} files of learners registered.")


@lms_cli.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False),
              help="Folder for the backup (default: instance/backups).")
def backup_command(folder: str | None):
    """Back up the database (SQLite backup API or pg_dump) with a manifest of row counts."""
    target = Path(folder) if folder else Path(current_app.instance_path) / "backups"
    try:
        made = backups.backup(target)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(made.manifest["rows"].values())
    click.echo(f"Backed up to {made.path} ({rows} rows; manifest {made.manifest_path.name}).")


@lms_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: str, yes: bool):
    """Replace the database with a backup, after checking it against its manifest."""
    try:
        made = backups.read_backup(Path(path))
        if not yes:
            click.confirm(f"Replace everything in the database with the backup of "
                          f"{made.manifest.get('made_at')}?", abort=True)
        counts = backups.restore(made)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {made.path.name}: {sum(counts.values())} rows, as in the manifest.")


@lms_cli.command("verify-qr")
@click.argument("image", type=click.Path(exists=True, dir_okay=False))
@click.option("--keys", "keys_file", type=click.Path(exists=True, dir_okay=False),
              help="The networks' public keys (keys.json, from SITE/V/keys.json); by default "
                   "this site's own.")
@click.option("--revoked", "revoked_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="A network's signed list of revoked certificates (from "
                   "SITE/V/revoked/NETWORK.cose); once per network.")
def verify_qr_command(image: str, keys_file: str | None, revoked_files: tuple[str, ...]):
    """Check the QR code of a certificate in a picture (a photo or a scan, PNG or JPEG)
    with the network's public key, with no connection. Exit 0: genuine."""
    from .certificates import claims
    from .certificates.services import claim_keys

    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        raise click.ClickException("reading a picture needs zxing-cpp: .venv/bin/pip install "
                                   "zxing-cpp") from None
    codes = [code.text for code in zxingcpp.read_barcodes(
        Image.open(image), formats=zxingcpp.BarcodeFormat.QRCode)]
    if not codes:
        raise click.ClickException(f"no QR code was found in {image}: take the picture again, "
                                   f"closer and straight on")
    try:
        keys = {jwk["kid"]: claims.key_from_jwk(jwk) for jwk in json.loads(
            Path(keys_file).read_text())["keys"]} if keys_file else claim_keys()
        lists = [claims.read_revocations(Path(path).read_bytes(), keys)
                 for path in revoked_files]
        claim = claims.verify(claims.message_of(codes[0]), keys)
    except (claims.ClaimError, ValueError, KeyError, TypeError) as exc:
        click.echo(f"NOT VALID: {exc}.")
        sys.exit(1)
    click.echo(f"Certificate {claim.number}: {claim.holder}, «{claim.course}»"
               f"{f', {claim.hours:g} h' if claim.hours else ''}, issued "
               f"{claim.issued.isoformat()} by the network {claim.network}.")
    here = _here(claim) if not keys_file and not lists else None  # the site's own record
    revoked = _revoked_here(here) if not keys_file and not lists else next(
        (f"on the list of {listed.as_of.isoformat()}" for listed in lists
         if listed.network == claim.network and claim.number in listed.numbers), None)
    if revoked:
        click.echo(f"REVOKED ({revoked}).")
        sys.exit(1)
    replaced = _replaced_here(here) if not keys_file and not lists else next(
        (f"by {listed.replaced[claim.number][0]} on {listed.replaced[claim.number][1]}"
         for listed in lists if claim.number in listed.replaced), None)
    if replaced:
        click.echo(f"REPLACED {replaced}: issued again (a retake or a corrected name); it "
                   f"was genuine.")
    checked = [listed.as_of.isoformat() for listed in lists if listed.network == claim.network]
    said = ("not revoked here" if not keys_file and not lists else
            f"not on the list of revoked certificates of {checked[0]}" if checked else
            "no list of revoked certificates of its network was given: not checked")
    click.echo(f"GENUINE: the signature is the network's; {said}.")


def _here(claim):
    from .certificates.models import Certificate

    return db.session.scalar(db.select(Certificate).filter_by(number=claim.number,
                                                              code=claim.code))


def _revoked_here(found) -> str | None:
    return f"on {found.revoked_at.date().isoformat()}" if found and found.revoked_at else None


def _replaced_here(found) -> str | None:
    return (f"by {found.superseded_by.number} on {found.superseded_at.date().isoformat()}"
            if found and found.superseded_by else None)


@lms_cli.command("api-token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for (shown in the audit log).")
def api_token_command(username: str, name: str):
    """Make an API token acting as USERNAME; it is printed once and never again."""
    from .api.services import issue_token

    user = db.session.scalar(db.select(User).filter_by(username=username.strip().lower()))
    if user is None or not user.is_active:
        raise click.ClickException(f"No active account '{username}'.")
    token = issue_token(user, name or "API")
    record("api_token_issued", subject=user, name=name or "API")
    click.echo(token)
    click.echo(f"A token acting as {user.username} ({user.role.value}). Keep it like a "
               "password: it is shown only now.", err=True)


@lms_cli.command("api-tokens")
@click.option("--revoke", "revoke_id", type=int, help="Revoke the token with this number.")
def api_tokens_command(revoke_id: int | None):
    """List the API tokens (never the tokens themselves), or revoke one."""
    from .api.services import revoke_token, tokens

    if revoke_id is not None:
        if not revoke_token(revoke_id):
            raise click.ClickException(f"No token number {revoke_id} in use.")
        click.echo(f"Token {revoke_id} revoked: calls with it now get 401.")
        return
    for token in tokens():
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
        state = "revoked" if token.revoked_at else "in use"
        click.echo(f"{token.id}\t{token.user.username}\t{token.name}\tlast used {used}\t{state}")


@lms_cli.command("copy-to")
@click.argument("database_url")
def copy_to_command(database_url: str):
    """Copy all of Gramota's data into another, empty database (SQLite to PostgreSQL)."""
    from .backup.copying import copy_database

    try:
        counts = copy_database(database_url, progress=lambda table, rows: click.echo(
            f"  {table}: {rows} rows"))
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Copied {sum(counts.values())} rows; the row counts of every table match. "
               "Set DATABASE_URL to the new database and restart the site.")


@lms_cli.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
def demo_command(as_json: bool):
    """Load the demo (a network in Russia, one in Ukraine, staff, learners and a year of
    sample activity) and print the accounts."""
    accounts = demo.load_demo()
    added = demo.load_activity()
    if as_json:
        click.echo(json.dumps(demo.as_dicts(accounts), ensure_ascii=False, indent=2))
        return
    if added:
        click.echo(f"Added a year of sample activity: {added} learners at the demo branches.")
    click.echo("Demo accounts (the passwords change every time this command runs):")
    for account in accounts:
        click.echo(f"  {account.role:<12} {account.username:<12} {account.password:<14} "
                   f"{account.full_name}")


@lms_cli.command("import-libraries")
@click.argument("network_code")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--name", "network_name", help="Create the network with this name if missing.")
def import_libraries_command(network_code: str, csv_file, network_name: str | None):
    """Create or update a network's branches from CSV (code;name;address;country;timezone)."""
    network = db.session.scalar(db.select(Network).filter_by(code=network_code))
    if network is None:
        if not network_name:
            raise click.ClickException(
                f"no network {network_code}; give --name to create it")
        network = get_or_create_network(network_code, network_name)
    result = import_libraries(None, network, csv_file.read())
    for line, problem in result.problems:
        click.echo(f"{csv_file.name}:{line}: {problem}", err=True)
    if result.problems:
        raise click.ClickException("nothing was imported")
    click.echo(f"{network.name}: {result.created} created, {result.updated} updated.")


@lms_cli.command("create-admin")
@click.argument("username")
@click.option("--name", "full_name", default="Администратор", help="Full name shown on pages.")
@click.password_option(help="At least 10 characters; asked for when not given.")
def create_admin_command(username: str, full_name: str, password: str):
    """Create an administrator account."""
    try:
        user = create_user(username, full_name, Role.ADMIN, password)
        db.session.flush()
    except PeopleError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Administrator {user.username} created.")


keys_cli = AppGroup("keys", help="Keys that sign certificates.")
lms_cli.add_command(keys_cli)


@keys_cli.command("init")
@click.option("--network", "network_code", help="A key for one network (default: all).")
@click.option("--force", is_flag=True, help="Replace an existing key.")
def keys_init_command(network_code: str | None, force: bool):
    """Create a self-signed signing key and certificate in the instance folder."""
    from .certificates.signing import DEFAULT_KEY, create_self_signed, keys_root

    folder = keys_root(current_app) / (network_code or DEFAULT_KEY)
    if (folder / "key.pem").exists() and not force:
        raise click.ClickException(f"{folder} already has a key; use --force to replace it")
    organisation = current_app.config["LMS_SITE_NAME"] or "Gramota"
    if network_code:
        network = db.session.scalar(db.select(Network).filter_by(code=network_code))
        if network is None:
            raise click.ClickException(f"no network {network_code}")
        organisation = network.name
    create_self_signed(folder, organisation)
    click.echo(f"Key and self-signed certificate written to {folder}")


@keys_cli.command("check")
def keys_check_command():
    """Check that every network can sign certificates."""
    from .certificates.signing import SigningUnavailable, key_folder, keys_root, load_signer

    failed = False
    for network in db.session.scalars(db.select(Network).order_by(Network.code)):
        folder = key_folder(keys_root(current_app), network.code)
        try:
            load_signer(folder)
            click.echo(f"{network.code}: {folder} — ok")
        except SigningUnavailable as exc:
            failed = True
            click.echo(f"{network.code}: {exc}", err=True)
    if failed:
        sys.exit(1)


lms_cli.add_command(lti_cli)


node_cli = AppGroup("node", help="This install as a node of a region: its key; at the "
                                 "region, the nodes it knows.")
lms_cli.add_command(node_cli)


@node_cli.command("key")
def node_key_command():
    """Make this node's key if it has none, and show its public key for the region."""
    from .sync.keys import node_key, public_text

    key = node_key(current_app.instance_path, create=True)
    click.echo(f"Node {current_app.config['LMS_NODE_ID']}, public key: {public_text(key)}")


@node_cli.command("register")
@click.argument("node")
@click.argument("public_key")
@click.option("--branch", "branches", multiple=True, required=True,
              help="A branch the node serves, as network/branch (codes); once per branch.")
def node_register_command(node: str, public_key: str, branches: tuple[str, ...]):
    """At the region: accept bundles from NODE, signed by PUBLIC_KEY (from 'lms node key'),
    telling of the learners of its --branch(es) only."""
    from .people.branches import library_of
    from .sync import keys
    from .sync.models import RegionNode

    try:
        keys.public_key(public_key)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not node or len(node) > 64 or node == current_app.config["LMS_NODE_ID"]:
        raise click.ClickException("give the node's own name (LMS_NODE_ID there), up to 64 "
                                   "characters, not this install's")
    unknown = [branch for branch in branches if library_of(branch) is None]
    if unknown:
        raise click.ClickException(f"no branch {', '.join(unknown)} here: give each as "
                                   f"network/branch, by their codes")
    known = db.session.get(RegionNode, node) or RegionNode(node=node, last_sequence=0)
    known.public_key = public_key.strip()
    known.branches = sorted(set(branches))
    db.session.add(known)
    record("node_registered", node=node, branches=known.branches)
    click.echo(f"Node {node} registered for {', '.join(known.branches)}: its bundles are "
               f"accepted here.")


@node_cli.command("init")
@click.option("--region", "url", required=True, help="The region's address (https://…).")
@click.option("--key", "region_key", required=True,
              help="The region's public key ('lms node key' at the region).")
@click.option("--from", "answer_file", type=click.Path(exists=True, dir_okay=False),
              help="The region's answer on a stick ('lms sync answer' there), with no line.")
def node_init_command(url: str, region_key: str, answer_file: str | None):
    """Make this install a node of the region: take its branches, their trainers and
    learners from the region (registered there first with 'lms node register')."""
    from .sync import keys
    from .sync.answers import take
    from .sync.bundles import BundleError
    from .sync.keys import node_key
    from .sync.sending import NodeState, SendInterrupted, fetch_answer, urllib_transport

    try:
        keys.public_key(region_key)
    except ValueError as exc:
        raise click.ClickException(f"--key: {exc}") from None
    key, state = node_key(current_app.instance_path, create=True), \
        NodeState(current_app.instance_path)
    try:
        if answer_file:
            taken = take(Path(answer_file).read_bytes(), region_key)
            state.data["answered"] = taken.upto
            state.save()
        else:
            taken = fetch_answer(url, current_app.config["LMS_NODE_ID"], key, region_key, state,
                                 urllib_transport())
    except (BundleError, SendInterrupted) as exc:
        raise click.ClickException(str(exc)) from None
    keys.remember_region(current_app.instance_path, url, region_key)
    record("node_initialised", region=url, branches=taken.branches)
    click.echo(f"This install is node {current_app.config['LMS_NODE_ID']} of {url}: "
               f"{taken.branches} branches, {taken.trainers} trainers and "
               f"{taken.people.added} learners taken from the region.")
    if taken.packs:
        click.echo(f"Course packs: {', '.join(taken.packs)} (shown from the next start).")


sync_cli = AppGroup("sync", help="Carry the event log between a node and its region.")
lms_cli.add_command(sync_cli)


@sync_cli.command("pack")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--since", type=click.IntRange(min=0), default=0,
              help="The last statement the region already has (default: none).")
def sync_pack_command(out: str, since: int):
    """Write this node's statements after --since to a bundle file OUT."""
    from .sync.bundles import pack
    from .sync.keys import node_key

    try:
        key = node_key(current_app.instance_path)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    data, last = pack(current_app.config["LMS_NODE_ID"], since, key)
    Path(out).write_bytes(data)
    click.echo(f"{last - since} statements ({since + 1}–{last}) in {out}, {len(data)} bytes.")


@sync_cli.command("apply")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
def sync_apply_command(bundle: str):
    """At the region: add a node's bundle (a statement already here is left as it is)."""
    from .sync.bundles import BundleError, apply

    try:
        applied = apply(Path(bundle).read_bytes())
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{applied.added} statements of {applied.node} added, {applied.already} were "
               f"already here; the region has its statements up to {applied.last}.")
    people = applied.people
    if people.added or people.updated or people.kept:
        click.echo(f"Learners: {people.added} new, {people.updated} corrected from the node, "
                   f"{people.kept} kept as corrected here later (the audit log has both).")
    for new, other in people.maybe_twice:
        click.echo(f"{new} may be {other}, registered before: see {new}'s page to join them.")
    if applied.skipped:
        click.echo(f"{len(applied.skipped)} statements kept in the log but not made into "
                   f"records:")
        for line in applied.skipped[:20]:
            click.echo(f"  {line}")


@sync_cli.command("answer")
@click.argument("node")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--since", type=click.IntRange(min=0), default=0,
              help="The answer the node took last (default: everything).")
def sync_answer_command(node: str, out: str, since: int):
    """At the region: write its answer for NODE to a file OUT, for a stick or an e-mail."""
    from .sync.answers import answer
    from .sync.keys import node_key
    from .sync.models import RegionNode

    known = db.session.get(RegionNode, node)
    if known is None:
        raise click.ClickException(f"no node {node!r} is registered here")
    data = answer(known, since, node_key(current_app.instance_path, create=True))
    Path(out).write_bytes(data)
    click.echo(f"The answer for {node} is in {out}, {len(data)} bytes.")


@sync_cli.command("take")
@click.argument("answer_file", type=click.Path(exists=True, dir_okay=False))
def sync_take_command(answer_file: str):
    """At a node: take the region's answer from a file (a stick, an e-mail)."""
    from .sync.answers import take
    from .sync.bundles import BundleError
    from .sync.sending import NodeState

    if not current_app.config["LMS_REGION_KEY"]:
        raise click.ClickException("this install is not a node yet: run 'lms node init'")
    try:
        taken = take(Path(answer_file).read_bytes(), current_app.config["LMS_REGION_KEY"])
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    state = NodeState(current_app.instance_path)
    state.data["answered"] = max(taken.upto, int(state.data.get("answered", 0)))
    state.save()
    click.echo(_taken_words(taken))


def _taken_words(taken) -> str:
    packs = (f" Course packs new or changed: {', '.join(taken.packs)}; restart the site to "
             f"show them.") if taken.packs else ""
    return (f"From the region: {taken.people.added} new learners, {taken.people.updated} "
            f"corrected, {taken.trainers} trainers, {taken.revoked} certificates revoked."
            f"{packs}")


@sync_cli.command("send")
@click.argument("region", required=False)
def sync_send_command(region: str | None):
    """Send this node's new statements to the REGION (its address; LMS_REGION_URL when not
    given) by resumable upload, a dropped line going on where it stopped when the command
    runs again; then take the region's answer (a node made by 'lms node init')."""
    from .sync.bundles import BundleError
    from .sync.sending import SendInterrupted, exchange, urllib_transport

    try:
        sent, taken = exchange(current_app, urllib_transport(), region)
    except (FileNotFoundError, SendInterrupted, BundleError) as exc:
        raise click.ClickException(str(exc)) from None
    if not sent.bytes:
        click.echo(f"Nothing new: the region has every statement up to {sent.acknowledged}.")
    else:
        resumed = f", resumed at byte {sent.resumed_at}" if sent.resumed_at else ""
        click.echo(f"{sent.statements} statements sent ({sent.bytes} bytes{resumed}); the "
                   f"region has every statement up to {sent.acknowledged}.")
    if taken is not None:
        click.echo(_taken_words(taken))


@sync_cli.command("forward")
def sync_forward_command():
    """Forward the statements not yet sent to the learning record store LMS_LRS_URL."""
    from .sync.lrs import ForwardStopped, basic_transport, forward

    config = current_app.config
    if not config["LMS_LRS_URL"]:
        raise click.ClickException("no store: set LMS_LRS_URL (and LMS_LRS_USER, "
                                   "LMS_LRS_PASSWORD) first")
    try:
        done = forward(config["LMS_LRS_URL"], basic_transport(config["LMS_LRS_USER"],
                                                              config["LMS_LRS_PASSWORD"]))
    except ForwardStopped as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{done.statements} statements forwarded in {done.batches} batches "
               f"({done.retried} tried again).")

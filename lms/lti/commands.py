"""``flask lms lti …``: the tool's addresses for a platform's administrator, the
platforms registered, and the grades still on their way."""

from __future__ import annotations

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import select

from ..db import db
from ..people.branches import library_of
from ..security import public_url
from . import services
from .models import LtiPlatform
from .tool import forget_old_state

lti_cli = AppGroup("lti", help="Gramota as an LTI 1.3 tool of Moodle or Open edX.")


def _address(endpoint: str) -> str:
    with current_app.test_request_context():
        return public_url(endpoint) if current_app.config.get("LMS_PUBLIC_URL") else (
            url_for(endpoint) + "   (set LMS_PUBLIC_URL for the full address)")


@lti_cli.command("tool")
def tool_command():
    """What to type into the platform when adding Gramota as a tool."""
    for label, endpoint in (("Tool URL", "lms.lti.launch"),
                            ("Initiate login URL", "lms.lti.login"),
                            ("Redirection URI(s)", "lms.lti.launch"),
                            ("Public keyset URL", "lms.lti.jwks"),
                            ("Deep linking URL", "lms.lti.launch")):
        click.echo(f"{label}: {_address(endpoint)}")


@lti_cli.command("add-platform")
@click.option("--name", required=True, help="The platform's name, as learners know it.")
@click.option("--issuer", required=True, help="Platform ID (Moodle: the site's address).")
@click.option("--client-id", required=True, help="Client ID the platform gave the tool.")
@click.option("--deployment", "deployments", multiple=True, required=True,
              help="Deployment ID the platform gave the tool; once per deployment.")
@click.option("--login-url", required=True, help="Authentication request URL.")
@click.option("--token-url", required=True, help="Access token URL.")
@click.option("--keys-url", required=True, help="Public keyset URL of the platform.")
@click.option("--branch", required=True,
              help="The branch its learners are registered at, as network/branch (codes).")
def add_platform_command(name, issuer, client_id, deployments, login_url, token_url,
                         keys_url, branch):
    """Register a platform that launches Gramota (as its administrator set the tool up)."""
    library = library_of(branch)
    if library is None:
        raise click.ClickException(f"no branch {branch} here: give it as network/branch, "
                                   f"by their codes")
    try:
        platform = services.add_platform(
            name=name, issuer=issuer, client_id=client_id, deployment_ids=list(deployments),
            auth_login_url=login_url, auth_token_url=token_url, key_set_url=keys_url,
            library=library)
    except services.LtiError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Platform {platform.name} registered: its learners are registered at "
               f"{library.name}.")


@lti_cli.command("platforms")
def platforms_command():
    """The platforms registered."""
    for platform in db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.id)):
        click.echo(f"{platform.name}: {platform.issuer}, client {platform.client_id}, "
                   f"deployments {', '.join(platform.deployments)}; learners at "
                   f"{platform.library.name}")


@lti_cli.command("send-scores")
def send_scores_command():
    """Send the grades still on their way (a platform that was down); from a timer."""
    forget_old_state()
    sent, failed = services.send_scores()
    click.echo(f"{sent} grades sent, {failed} not taken (tried again next time).")

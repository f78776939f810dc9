"""Signing keys: only a missing or unusable key is "signing unavailable", and signing
leaves nothing foreign in the log."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lms.certificates import signing
from lms.certificates.signing import SigningUnavailable, create_self_signed, load_signer
from lms.people.branches import get_or_create_network

PROJECT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def _signers_read_afresh():
    signing._signer.cache_clear()
    yield
    signing._signer.cache_clear()


def test_a_missing_key_says_how_to_make_one(tmp_path):
    with pytest.raises(SigningUnavailable, match="lms keys init"):
        load_signer(tmp_path / "nowhere")


@pytest.mark.parametrize("damage", ["not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n"])
def test_a_damaged_key_file_is_unusable_and_named(signing_keys, tmp_path, damage):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "key.pem").write_text(damage)
    (folder / "cert.pem").write_bytes((signing_keys / "default" / "cert.pem").read_bytes())
    with pytest.raises(SigningUnavailable, match=r"broken/key\.pem .*cannot be used"):
        load_signer(folder)


def test_a_missing_library_is_not_reported_as_a_missing_key(signing_keys, monkeypatch):
    # pyHanko's key loader gone (a broken install): the administrator must see the import
    # error itself, not be sent to make a new key
    monkeypatch.setitem(sys.modules, "pyhanko.keys", None)
    with pytest.raises(ImportError):
        load_signer(signing_keys / "default")


def test_without_pyhanko_signing_is_unavailable_and_says_what_to_install(
        app, runner, signing_keys, without_pyhanko):
    with pytest.raises(SigningUnavailable, match="install Gramota with its 'signing' extra"):
        load_signer(signing_keys / "default")
    assert signing.load_signers(signing_keys) == 0  # the server still starts
    get_or_create_network("test", "Тестовая сеть")
    result = runner.invoke(args=["lms", "keys", "check"])
    assert result.exit_code == 1 and "pyHanko is not installed" in result.output


def test_a_fault_in_the_code_is_not_reported_as_a_missing_key(signing_keys, monkeypatch):
    import pyhanko.keys

    def broken(*_args, **_kwargs):
        raise AttributeError("'NoneType' object has no attribute 'dump'")

    monkeypatch.setattr(pyhanko.keys, "load_private_key_from_pemder", broken)
    with pytest.raises(AttributeError):
        load_signer(signing_keys / "default")


def test_keys_check_names_the_network_whose_key_is_unusable(app, runner, signing_keys):
    get_or_create_network("test", "Тестовая сеть")
    create_self_signed(Path(app.instance_path) / "keys" / "volga", "Волжская ЦБС")
    get_or_create_network("volga", "Волжская ЦБС")
    (Path(app.instance_path) / "keys" / "volga" / "key.pem").write_text("испорчен")
    app.config["LMS_SIGNING_KEYS_DIR"] = "keys"
    (Path(app.instance_path) / "keys" / "default").mkdir()
    for name in ("key.pem", "cert.pem"):
        (Path(app.instance_path) / "keys" / "default" / name).write_bytes(
            (signing_keys / "default" / name).read_bytes())

    result = runner.invoke(args=["lms", "keys", "check"])

    assert result.exit_code == 1
    assert "test: " in result.output and "default — ok" in result.output
    assert "volga: the key" in result.output and "cannot be used" in result.output


SIGN_IN_A_FRESH_PROCESS = textwrap.dedent("""
    import sys
    from pathlib import Path

    from lms import create_app
    from lms.db import db
    from lms.people.branches import get_or_create_network

    folder = Path(sys.argv[1])
    app = create_app({"SECRET_KEY": "x", "LMS_CONTENT_AUTOLOAD": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/fresh.sqlite3",
                      "LMS_SIGNING_KEYS_DIR": str(folder / "keys")},
                     instance_path=folder)
    with app.app_context():
        db.create_all()
        get_or_create_network("test", "Тестовая сеть")
        db.session.commit()
        runner = app.test_cli_runner()
        for command in (["lms", "keys", "init"], ["lms", "keys", "check"]):
            result = runner.invoke(args=command)
            print(result.output, end="")
            assert result.exit_code == 0, result.output

    from lms.certificates.render import render_certificate, sample
    from lms.certificates.signing import key_folder, load_signer, sign_pdf
    from lms.certificates.template import load_template

    pdf = render_certificate(load_template(Path(sys.argv[2])), sample())
    signed = sign_pdf(pdf, load_signer(key_folder(folder / "keys", "test")), reason="1")
    assert len(signed) > len(pdf)
    print("signed")
""")


def test_a_fresh_process_starts_checks_keys_and_signs_without_a_warning(tmp_path):
    # -W error: any warning a library raises on the way (a deprecation in a new release
    # of cryptography, say) stops the process, as it would clutter a real server's log
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", SIGN_IN_A_FRESH_PROCESS, str(tmp_path),
         str(PROJECT / "certificates")],
        capture_output=True, text=True, cwd=PROJECT, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "test: " in result.stdout and "— ok" in result.stdout
    assert result.stdout.rstrip().endswith("signed")


@pytest.mark.parametrize("organisation, signer", [("Gramota", "Gramota"),
                                                  ("ЦБС Пскова", "ЦБС Пскова — Gramota")])
def test_the_signer_is_named_once(tmp_path, organisation, signer):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    create_self_signed(tmp_path, organisation)
    name = x509.load_pem_x509_certificate((tmp_path / "cert.pem").read_bytes()).subject
    assert name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == signer

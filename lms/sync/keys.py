"""A node's Ed25519 key, kept in the instance folder (``node/key.pem``, readable by its
owner only): it signs the node's bundles; the region checks them with its public key."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..security import create_private_file


def key_path(instance_path: str) -> Path:
    return Path(instance_path) / "node" / "key.pem"


def node_key(instance_path: str, *, create: bool = False) -> Ed25519PrivateKey:
    """The node's key; ``create`` makes one if there is none."""
    path = key_path(instance_path)
    if not path.is_file():
        if not create:
            raise FileNotFoundError(f"no node key in {path}: run 'flask --app wsgi lms node key'")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        if not create_private_file(path):
            raise FileExistsError(f"{path} was made at the same moment: run the command again")
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        return key
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def region_path(instance_path: str) -> Path:
    return Path(instance_path) / "node" / "region.json"


def region_of(instance_path: str) -> dict | None:
    """The region this install is a node of (``lms node init``): its address and key."""
    path = region_path(instance_path)
    return json.loads(path.read_text()) if path.is_file() else None


def remember_region(instance_path: str, url: str, key: str) -> None:
    path = region_path(instance_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"url": url, "key": key}))


def public_text(key: Ed25519PrivateKey) -> str:
    """The public key as 44 characters, to copy to the region."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key(text: str) -> Ed25519PublicKey:
    """Read a public key as ``public_text`` wrote it (ValueError if it is not one)."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (ValueError, TypeError) as exc:
        raise ValueError("not a public key: 44 characters of base64") from exc
    if len(raw) != 32:
        raise ValueError("not a public key: 44 characters of base64")
    return Ed25519PublicKey.from_public_bytes(raw)

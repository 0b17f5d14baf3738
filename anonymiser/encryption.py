"""Encryption at rest for the registry and the audit log, the two files that hold every real name.

Optional, per project: ``anonymiser encrypt`` turns it on. The key comes from
a passphrase (``ANONYMISER_PASSPHRASE`` or a prompt) through scrypt, with a
random salt kept in ``PROJECT_DIR/encryption.json`` beside a check value that
tells a wrong passphrase from a damaged file. Data is sealed with AES-256-GCM
from the ``cryptography`` package: the registry as one snapshot written
atomically after every transaction, the audit log line by line so it stays
append-only and its hash chain (over the plain lines) still holds.
"""

from __future__ import annotations

import base64
import getpass
import json
import os
import sys
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import ProjectError

PASSPHRASE_ENV = "ANONYMISER_PASSPHRASE"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
NONCE = 12
CHECK = b"anonymiser project key"


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


class Vault:
    """The project's key, and sealing and opening with it."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def create(cls, settings: Path, passphrase: str) -> Vault:
        """A new key for a project; its salt and check value go to ``settings`` (owner-only)."""
        if len(passphrase) < 8:
            raise ProjectError("the passphrase must have at least 8 characters")
        salt = os.urandom(16)
        vault = cls(_derive(passphrase, salt, **SCRYPT))
        record = {
            "version": 1,
            "kdf": "scrypt",
            **SCRYPT,
            "salt": base64.b64encode(salt).decode("ascii"),
            "cipher": "AES-256-GCM",
            "check": base64.b64encode(vault.seal(CHECK, b"check")).decode("ascii"),
        }
        fd = os.open(settings, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle, indent=2)
        return vault

    @classmethod
    def load(cls, settings: Path, passphrase: str) -> Vault:
        """The key of an encrypted project; ProjectError on a wrong passphrase."""
        try:
            record = json.loads(settings.read_text(encoding="utf-8"))
            salt = base64.b64decode(record["salt"])
            vault = cls(_derive(passphrase, salt, int(record["n"]), int(record["r"]), int(record["p"])))
            check = base64.b64decode(record["check"])
        except (OSError, ValueError, KeyError) as exc:
            raise ProjectError(f"{settings}: unreadable encryption settings ({exc}): restore it from a backup") from exc
        try:
            if vault.open(check, b"check") != CHECK:
                raise InvalidTag
        except InvalidTag:
            raise ProjectError(f"wrong passphrase for {settings.parent} (set {PASSPHRASE_ENV} or type it)") from None
        return vault

    def seal(self, data: bytes, context: bytes) -> bytes:
        """Encrypt and authenticate ``data``; ``context`` binds it to its use (registry, log)."""
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, data, context)

    def open(self, blob: bytes, context: bytes) -> bytes:
        """Decrypt what ``seal`` made; InvalidTag if it was altered or sealed for another use."""
        return self._aead.decrypt(blob[:NONCE], blob[NONCE:], context)

    def seal_line(self, line: str) -> str:
        """One audit line, sealed and written as base64 (no newline inside)."""
        return base64.b64encode(self.seal(line.encode("utf-8"), b"audit")).decode("ascii")

    def open_line(self, sealed: str) -> str:
        """The plain audit line; ProjectError if the sealed line was altered."""
        try:
            return self.open(base64.b64decode(sealed), b"audit").decode("utf-8")
        except (InvalidTag, ValueError) as exc:
            raise ProjectError("an audit log line does not decrypt: it was altered or cut") from exc


def ask_passphrase(*, confirm: bool = False) -> str:
    """The passphrase from ``ANONYMISER_PASSPHRASE``, else a prompt; never from a pipe without a terminal."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ProjectError(f"this project is encrypted: set {PASSPHRASE_ENV} or run from a terminal to type it")
    value = getpass.getpass("project passphrase: ")
    if confirm and getpass.getpass("again: ") != value:
        raise ProjectError("the two passphrases differ")
    return value

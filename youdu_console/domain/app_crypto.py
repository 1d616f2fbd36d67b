"""The vendor's message encryption for an app (what an EncodingAESKey is for).

A message is `random(16) + length(4, big-endian) + message + AppID`, padded PKCS#7 to a multiple of 32 bytes,
encrypted with AES-256-CBC under the app's 32-byte key with the key's first 16 bytes as IV, sent in standard
base64 (the Go client in shared/clients/youdu-go, encryptor.go, does the same). Decrypting with another key
yields garbage or a padding error: either way not the app's id, which is how a replaced key stops working.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # the vendor pads to 32 bytes (PKCS#7 with a 32-byte block), not AES's 16


class CryptoError(ValueError):
    """A ciphertext that does not decrypt under this key (wrong key, tampered, truncated)."""


def encrypt(key: bytes, app_id: str, message: bytes) -> str:
    body = os.urandom(16) + struct.pack(">I", len(message)) + message + app_id.encode("utf-8")
    pad = BLOCK - len(body) % BLOCK
    body += bytes([pad]) * pad
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(body) + enc.finalize()).decode("ascii")


def decrypt(key: bytes, text: str) -> tuple[bytes, str]:
    """(message, AppID) of a ciphertext; CryptoError when it does not decrypt under `key`."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CryptoError("not base64") from None
    if not raw or len(raw) % 16:
        raise CryptoError("bad length")
    dec = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    body = dec.update(raw) + dec.finalize()
    pad = body[-1]
    if not 1 <= pad <= BLOCK or body[-pad:] != bytes([pad]) * pad:
        raise CryptoError("bad padding")
    body = body[:-pad]
    if len(body) < 20:
        raise CryptoError("too short")
    (length,) = struct.unpack(">I", body[16:20])
    if 20 + length > len(body):
        raise CryptoError("bad length field")
    try:
        app_id = body[20 + length:].decode("utf-8")
    except UnicodeDecodeError:
        raise CryptoError("bad app id") from None
    return body[20:20 + length], app_id

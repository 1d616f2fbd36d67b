"""The vendor's message encryption: AES-256-CBC with the app's EncodingAESKey, PKCS#7 padded to 32 bytes.

Plaintext layout: 16 random bytes, the message length (4 bytes, big-endian), the message, the app id.
The IV is the key's first 16 bytes when we encrypt. We decrypt with any IV: CBC's IV only affects the first
block, which is the random prefix, so a client that encrypts with a random IV (the Python and Go SDKs do)
decrypts to the same message. The length and the trailing app id are then checked.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # the vendor pads to 32 bytes (not AES's 16)
PREFIX = 16


class DecryptError(Exception):
    """The `encrypt` field does not decrypt to a well-formed message (errcode 100006)."""


@dataclass(frozen=True)
class Plain:
    message: bytes
    app_id: str


def decode_key(encoding_aes_key: str) -> bytes:
    """An EncodingAESKey as shown in the console (base64 of 32 bytes, often without its trailing '=')."""
    text = encoding_aes_key.strip()
    key = base64.b64decode(text + "=" * (-len(text) % 4))
    if len(key) != 32:
        raise ValueError("an EncodingAESKey is 32 bytes")
    return key


def pad(data: bytes) -> bytes:
    n = BLOCK - len(data) % BLOCK  # 1..32: an aligned message gets a whole block of 32s
    return data + bytes([n]) * n


def unpad(data: bytes) -> bytes:
    if not data:
        raise DecryptError("empty")
    n = data[-1]
    if n < 1 or n > BLOCK or n > len(data) or data[-n:] != bytes([n]) * n:
        raise DecryptError("bad padding")
    return data[:-n]


def encrypt(key: bytes, message: bytes, app_id: str, *, prefix: bytes | None = None) -> str:
    body = (prefix if prefix is not None else os.urandom(PREFIX)) + struct.pack(">I", len(message)) \
        + message + app_id.encode()
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(pad(body)) + enc.finalize()).decode("ascii")


def decrypt(key: bytes, text: str) -> Plain:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise DecryptError("not base64") from None
    if not raw or len(raw) % BLOCK:
        raise DecryptError("not a multiple of 32 bytes")
    dec = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    body = unpad(dec.update(raw) + dec.finalize())
    if len(body) < PREFIX + 4:
        raise DecryptError("too short")
    (length,) = struct.unpack(">I", body[PREFIX:PREFIX + 4])
    end = PREFIX + 4 + length
    if end > len(body):
        raise DecryptError("length beyond the message")
    try:
        app_id = body[end:].decode()
    except UnicodeDecodeError:
        raise DecryptError("app id is not text") from None
    return Plain(body[PREFIX + 4:end], app_id)

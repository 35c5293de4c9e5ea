"""The provider's TLS identity for go-plugin's handshake (Terraform asks for AutoMTLS).

Making a key pair costs tens of milliseconds and importing `cryptography` as many again, on
every one of the 3 or 4 provider starts of each Terraform command; so the certificate is
made once, cached with its expiry, and read back without `cryptography` while it is valid.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

VALID_DAYS = 7
RENEW_BEFORE_SECONDS = 3600


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vpcmock" / "provider-certificate.json"


def load_or_make() -> tuple[bytes, bytes, bytes]:
    """(DER certificate for the handshake, PEM key, PEM certificate)."""
    path = cache_path()
    try:
        cached = json.loads(path.read_text())
        if cached["not_after"] > time.time() + RENEW_BEFORE_SECONDS:
            return base64.b64decode(cached["der"]), cached["key_pem"].encode(), cached["cert_pem"].encode()
    except (OSError, ValueError, KeyError):
        pass
    der, key_pem, cert_pem, not_after = _make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "w") as handle:
            json.dump({"der": base64.b64encode(der).decode(), "key_pem": key_pem.decode(),
                       "cert_pem": cert_pem.decode(), "not_after": not_after}, handle)
    except OSError:
        pass  # a read-only home: make one per start
    return der, key_pem, cert_pem


def preload() -> None:
    """Import what `_make` uses (for a template that forks providers: see template.py)."""
    from cryptography import x509  # noqa: F401
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: F401
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: F401
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: F401
    from cryptography.hazmat.backends.openssl import backend  # noqa: F401  (loaded by the first key)


def _make() -> tuple[bytes, bytes, bytes, float]:
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(timezone.utc)
    not_after = now + timedelta(days=VALID_DAYS)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=True, key_cert_sign=True,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                       critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return (certificate.public_bytes(serialization.Encoding.DER), key_pem,
            certificate.public_bytes(serialization.Encoding.PEM), not_after.timestamp())

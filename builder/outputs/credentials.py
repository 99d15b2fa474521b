"""Open Badges 3.0, signed: each earner's `OpenBadgeCredential`, the issuer's did:web document and
a revocation status list per badge, made only when the organizers give the build a signing key.

The key is an Ed25519 private key in PEM, in the environment variable CEM_BADGE_KEY (a CI secret,
never a file of the repository): `openssl genpkey -algorithm ed25519` makes one. Without it the
site has the hosted Open Badges 2.0 documents only (builder/outputs/badges.py), and the build says
so in one line.

The proof format is the VC-JWT of Open Badges 3.0 (section 8.2): a compact JWS, `EdDSA`, whose
payload is the credential itself with the registered claims beside it (`iss`, `jti`, `nbf`).
Chosen over a Data Integrity proof because it needs no JSON-LD canonicalization, and it is the
format openbadgeslib's verifier checks without extras. Ed25519 signatures are deterministic, so the
same key and content give the same bytes. The issuer is `did:web:<host>[:<path>]` of base_url; its
document, with the public key as a JWK, is where did:web resolves it (routes.DID_DOCUMENT_*).

Revocation: one Bitstring Status List credential per badge (routes.STATUS_LIST), a gzip-compressed
bitstring of STATUS_BITS bits (builder/content/badges.py). An earner's bit is their id (model.Earner,
a hash of the badge and the hashed address) modulo STATUS_BITS, so it never moves when rows are added or reordered; a
credential already handed out keeps pointing at its own bit. Two earners of one badge with the
same bit would be revoked together: `check` refuses them (builder/content/badges.py) and asks for
a `salt` on the later row.

The private key is held by a BadgeKey, which refuses to be pickled: it cannot reach the build
cache, and no output holds more than the public key.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from builder import routes
from builder.content import badges as earners_file
from builder.content.model import Badge, Earner, Site, SiteInfo
from builder.outputs.badges import issued_on
from builder.problems import UsageError

KEY_VARIABLE = "CEM_BADGE_KEY"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
             "type": "1EdTechJsonSchemaValidator2019"}
KEY_FRAGMENT = "key-1"
NO_KEY = (f"no {KEY_VARIABLE} set: hosted Open Badges 2.0 only (signed Open Badges 3.0 credentials need a key: "
          "see README, Signed badges)")


@dataclass(frozen=True)
class BadgeKey:
    """The organizers' Ed25519 signing key, and its public half as the did:web document shows it."""

    private: Ed25519PrivateKey = field(repr=False)
    public: str  # the public key's 32 bytes, base64url: the JWK's `x`; what the outputs depend on

    def __reduce__(self) -> Any:
        raise TypeError("the badge signing key is never pickled: it must not reach the build cache")

    def sign(self, payload: dict[str, Any], kid: str) -> bytes:
        """A compact JWS (RFC 7515) of `payload`: header.payload.signature, each base64url."""
        header = {"alg": "EdDSA", "kid": kid, "typ": "JWT"}
        signing_input = f"{_b64(_json(header))}.{_b64(_json(payload))}"
        return f"{signing_input}.{_b64(self.private.sign(signing_input.encode('ascii')))}\n".encode("ascii")


def read_key(text: str) -> BadgeKey | None:
    """The key CEM_BADGE_KEY holds (a PEM), or None when it is empty."""
    if not text.strip():
        return None
    how = "make one with `openssl genpkey -algorithm ed25519` and put the whole PEM text in the variable"
    try:
        private = serialization.load_pem_private_key(text.strip().encode("utf-8"), password=None)
    except (ValueError, TypeError) as error:
        raise UsageError(f"{KEY_VARIABLE} must be an unencrypted private key in PEM ({error}); {how}") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise UsageError(f"{KEY_VARIABLE} must be an Ed25519 key, not {type(private).__name__}; {how}")
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return BadgeKey(private, _b64(raw))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def did(info: SiteInfo) -> str:
    """did:web of base_url: its host (a port's colon escaped), then each part of its path."""
    url = urlsplit(info.base_url)
    parts = [quote(url.netloc, safe="")] + [quote(part, safe="") for part in url.path.split("/") if part]
    return "did:web:" + ":".join(parts)


def did_document_path(info: SiteInfo) -> str:
    """Where did:web looks for the document: /.well-known/did.json on a host's root, else did.json
    in the site's folder."""
    return routes.DID_DOCUMENT_PATH if info.base_path.strip("/") else routes.DID_DOCUMENT_HOST


def did_document(info: SiteInfo, key: BadgeKey) -> bytes:
    issuer = did(info)
    method = f"{issuer}#{KEY_FRAGMENT}"
    data = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": issuer,
        "verificationMethod": [{"id": method, "type": "JsonWebKey2020", "controller": issuer,
                                "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": key.public}}],
        "assertionMethod": [method],
    }
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def status_index(earner: Earner) -> int:
    return earners_file.status_index(earner.id)


def _profile(info: SiteInfo) -> dict[str, Any]:
    assert info.issuer is not None, "validation requires issuer: once there is a badge"
    return {"id": did(info), "type": ["Profile"], "name": info.issuer.name, "url": info.issuer.url,
            "email": info.issuer.email}


def _achievement(info: SiteInfo, badge: Badge) -> dict[str, Any]:
    page = info.base_url + badge.url
    data: dict[str, Any] = {
        "id": page, "type": ["Achievement"], "achievementType": "Badge", "name": badge.name,
        "description": badge.description, "criteria": {"id": page, **({"narrative": badge.criteria} if badge.criteria else {})},
        "image": {"id": info.base_url + badge.image, "type": "Image"},
    }
    if badge.tags:
        data["tag"] = list(badge.tags)
    return data


def status_list_url(info: SiteInfo, badge: Badge) -> str:
    return info.base_url + routes.STATUS_LIST.format(slug=badge.slug)


def credential(info: SiteInfo, badge: Badge, earner: Earner, key: BadgeKey) -> bytes:
    """An earner's OpenBadgeCredential as a VC-JWT. The recipient is the hashed address, as in the
    2.0 assertion; the credential is dated by the day of the award, never by the clock."""
    issuer = did(info)
    url = info.base_url + routes.CREDENTIAL.format(slug=badge.slug, earner=earner.id)
    valid_from = issued_on(info, earner)
    index = status_index(earner)
    evidence: dict[str, Any] = {"id": earner.evidence, "type": ["Evidence"]}
    if earner.reflection:
        evidence["narrative"] = earner.reflection
    body = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.name,
        "issuer": _profile(info),
        "validFrom": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "hashed": True, "identityHash": earner.identity,
                            "identityType": "emailAddress", "salt": earner.salt}],
            "achievement": _achievement(info, badge),
        },
        "evidence": [evidence],
        "credentialSchema": [OB_SCHEMA],
        "credentialStatus": {
            "id": f"{status_list_url(info, badge)}#{index}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(index),
            "statusListCredential": status_list_url(info, badge),
        },
    }
    claims = {"iss": issuer, "jti": url, "nbf": _seconds(valid_from)}
    return key.sign(body | claims, f"{issuer}#{KEY_FRAGMENT}")


def status_list(info: SiteInfo, badge: Badge, key: BadgeKey) -> bytes:
    """The badge's BitstringStatusListCredential: a bit per earner, set when revoked; dated by the
    site's date (SOURCE_DATE_EPOCH, else its month), so the same content gives the same file."""
    issuer, url = did(info), status_list_url(info, badge)
    bits = bytearray(earners_file.STATUS_BITS // 8)
    for earner in badge.earners:
        if earner.revoked:
            index = status_index(earner)
            bits[index // 8] |= 0x80 >> (index % 8)  # the first bit is the most significant one
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    valid_from = f"{info.stamp.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    body = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {"id": url + "#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": "u" + _b64(packed)},
    }
    return key.sign(body | {"iss": issuer, "jti": url, "nbf": _seconds(valid_from)}, f"{issuer}#{KEY_FRAGMENT}")


def _seconds(moment: str) -> int:
    return int(datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def jobs(site: Site, key: BadgeKey, computed: Callable[..., None]) -> None:
    """The signed files, as render.plan's jobs: each depends on the public key too, so a build with
    another key makes them anew (the private key itself is no job's input: it is never digested)."""
    info = site.info
    computed(did_document_path(info), lambda: did_document(info, key), info.base_url, info.issuer, key.public)
    if did_document_path(info) == routes.DID_DOCUMENT_HOST:
        computed(routes.NO_JEKYLL, lambda: b"")
    for badge in site.badges:
        computed(routes.STATUS_LIST.format(slug=badge.slug), lambda badge=badge: status_list(info, badge, key),
                 info.base_url, info.stamp, [(earner.id, earner.revoked) for earner in badge.earners], key.public)
        for earner in badge.earners:
            computed(routes.CREDENTIAL.format(slug=badge.slug, earner=earner.id),
                     lambda badge=badge, earner=earner: credential(info, badge, earner, key),
                     info, badge.slug, badge.name, badge.description, badge.criteria, badge.image, badge.tags,
                     earner, key.public, weight=1)


def unsigned_notice(content: Path) -> str | None:
    """The one line a build without a key says, when the site has badges (content/badges/*.md) to sign.
    Not a content warning: the content is fine, and `check` (partners' pull requests) never signs."""
    if os.environ.get(KEY_VARIABLE, "").strip() or not any((content / "badges").glob("*.md")):
        return None
    return f"badges: {NO_KEY}"

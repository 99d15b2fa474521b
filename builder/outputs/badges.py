"""Open Badges 2.0, hosted: the JSON documents a verifier fetches, and each earner's baked image.

A hosted badge is verified by fetching its Assertion from its own `id`, then the BadgeClass the
Assertion names, then the issuer Profile the BadgeClass names (1EdTech's Open Badges 2.0, the
"HostedBadge" verification). So every `id` is an absolute address under the site's `base_url`,
and each is a file the build writes (routes.BADGE_*, routes.ASSERTION). The recipient is only
ever the hash the model made (model.Earner): no earner's email address reaches a file.

A static host cannot answer 410 Gone for a revoked assertion, so a revoked one stays where it was
with `revoked: true` and its reason (properties the specification gives an Assertion), and is
listed in the issuer's RevocationList, which verifiers that check revocation read.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from typing import Any
from xml.dom import minidom
from zoneinfo import ZoneInfo

from builder import routes
from builder.content import pngchunks
from builder.content.model import Badge, Earner, SiteInfo

CONTEXT = "https://w3id.org/openbadges/v2"
BAKED_NS = "http://openbadges.org"  # the namespace of the element a baked SVG carries


def document(data: dict[str, Any]) -> bytes:
    """A JSON-LD document as the build writes every one: keys in a fixed order, UTF-8, a final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def issuer_id(info: SiteInfo) -> str:
    return info.base_url + routes.BADGE_ISSUER


def badge_id(info: SiteInfo, badge: Badge) -> str:
    return info.base_url + routes.BADGE_CLASS.format(slug=badge.slug)


def assertion_id(info: SiteInfo, badge: Badge, earner: Earner) -> str:
    return info.base_url + routes.ASSERTION.format(slug=badge.slug, earner=earner.id)


def baked_path(badge: Badge, earner: Earner) -> str:
    """Where an earner's copy of the badge image is, with their assertion's address baked in."""
    suffix = ".png" if badge.image.lower().endswith(".png") else ".svg"
    return routes.BAKED.format(slug=badge.slug, earner=earner.id, suffix=suffix)


def issuer(info: SiteInfo) -> bytes:
    """The issuer Profile (site.yml's `issuer:`), naming the list of revoked assertions."""
    assert info.issuer is not None, "validation requires issuer: once there is a badge"
    return document({
        "@context": CONTEXT, "type": "Issuer", "id": issuer_id(info), "name": info.issuer.name,
        "url": info.issuer.url, "email": info.issuer.email,
        "revocationList": info.base_url + routes.BADGE_REVOCATIONS,
    })


def revocations(info: SiteInfo, badges: tuple[Badge, ...]) -> bytes:
    """The RevocationList: every revoked assertion, with its reason."""
    revoked = [{"id": assertion_id(info, badge, earner), "revocationReason": earner.revoked}
               for badge in badges for earner in badge.earners if earner.revoked]
    return document({"@context": CONTEXT, "type": "RevocationList", "id": info.base_url + routes.BADGE_REVOCATIONS,
                     "issuer": issuer_id(info), "revokedAssertions": revoked})


def badge_class(info: SiteInfo, badge: Badge) -> bytes:
    """The BadgeClass: what the badge is, its image, its criteria (the page, and its text), its issuer."""
    data: dict[str, Any] = {
        "@context": CONTEXT, "type": "BadgeClass", "id": badge_id(info, badge), "name": badge.name,
        "description": badge.description, "image": info.base_url + badge.image,
        "criteria": {"id": info.base_url + badge.url, **({"narrative": badge.criteria} if badge.criteria else {})},
        "issuer": issuer_id(info),
    }
    if badge.tags:
        data["tags"] = list(badge.tags)
    if badge.alignment:
        data["alignment"] = [_alignment(item) for item in badge.alignment]
    return document(data)


def _alignment(item: Any) -> dict[str, str]:
    names = (("targetName", item.name), ("targetUrl", item.url), ("targetDescription", item.description),
             ("targetFramework", item.framework), ("targetCode", item.code))
    return {key: value for key, value in names if value}


def assertion(info: SiteInfo, badge: Badge, earner: Earner) -> bytes:
    """An earner's hosted Assertion: the hashed address, the badge, the date, the evidence."""
    evidence: dict[str, Any] = {"type": "Evidence", "id": earner.evidence}
    if earner.reflection:
        evidence["narrative"] = earner.reflection
    data: dict[str, Any] = {
        "@context": CONTEXT, "type": "Assertion", "id": assertion_id(info, badge, earner),
        "recipient": {"type": "email", "hashed": True, "salt": earner.salt, "identity": earner.identity},
        "badge": badge_id(info, badge), "verification": {"type": "HostedBadge"},
        "issuedOn": issued_on(info, earner), "evidence": [evidence],
    }
    if earner.revoked:
        data |= {"revoked": True, "revocationReason": earner.revoked}
    else:
        data["image"] = info.base_url + baked_path(badge, earner)
    return document(data)


def issued_on(info: SiteInfo, earner: Earner) -> str:
    """The day the badge was awarded, as the start of that day in the site's zone, in UTC."""
    moment = datetime.combine(earner.issued, time(), ZoneInfo(info.timezone)).astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%SZ}"


def baked(info: SiteInfo, badge: Badge, earner: Earner) -> bytes:
    """The badge image with the assertion's address baked in (Open Badges Baking: a PNG's `iTXt`
    chunk of keyword `openbadges`, or an SVG's `<openbadges:assertion verify="...">` first in its
    root), so a backpack given the image finds the assertion."""
    address = assertion_id(info, badge, earner)
    if badge.image.lower().endswith(".png"):
        return pngchunks.with_text(badge.image_data, "openbadges", address)
    return _baked_svg(badge.image_data, address)


def _baked_svg(data: bytes, address: str) -> bytes:
    """An SVG with the assertion's address in it. The file passed validation's check (svg.py): no
    DOCTYPE, so nothing for the parser to expand, and only drawing elements."""
    document = minidom.parseString(data)  # noqa: S318 - checked by svg.svg_problem: no DOCTYPE, no entity
    root = document.documentElement
    root.setAttribute("xmlns:openbadges", BAKED_NS)
    element = document.createElementNS(BAKED_NS, "openbadges:assertion")
    element.setAttribute("verify", address)
    element.appendChild(document.createCDATASection(address))
    root.insertBefore(element, root.firstChild)
    return document.toxml(encoding="utf-8") + b"\n"

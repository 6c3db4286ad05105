"""Where deliveries may go. In production only HTTPS to public addresses: the host is resolved and every
address it resolves to is checked (SSRF); the connection then goes to the address that was checked, so a
second DNS answer cannot point it elsewhere. Outside production (the demo, tests) http and loopback are allowed.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 10


class RefusedDestination(ValueError):
    pass


def is_production() -> bool:
    return getattr(settings, "IS_PRODUCTION", False)


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise RefusedDestination(_("The address’s host name cannot be resolved.")) from error
    return sorted({info[4][0] for info in infos})


def check_url(url: str, *, production: bool | None = None) -> list[str]:
    """The addresses a delivery to this URL may connect to (empty outside production: connect normally)."""
    production = is_production() if production is None else production
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedDestination(_("Give an http or https address."))
    if parts.username or parts.password:
        raise RefusedDestination(_("The address may not carry a user name or password."))
    if not production:
        return []
    if parts.scheme != "https":
        raise RefusedDestination(_("Webhook addresses must use HTTPS."))
    addresses = resolve(parts.hostname, parts.port or 443)
    if not addresses or not all(is_public(a) for a in addresses):
        raise RefusedDestination(_("The address leads to a private, loopback or reserved network."))
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, pinned: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.pinned = pinned

    def connect(self):
        if not self.pinned:
            return super().connect()
        self.sock = socket.create_connection((self.pinned, self.port), self.timeout)
        return None


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, pinned: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.pinned = pinned

    def connect(self):
        if not self.pinned:
            return super().connect()
        sock = socket.create_connection((self.pinned, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        return None


def post(url: str, body: bytes, headers: dict[str, str], *, pinned: str = "") -> tuple[int, str]:
    """POST and return (status, the first 500 characters of the answer); raises OSError on failure."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(
            parts.hostname,
            parts.port,
            timeout=TIMEOUT_SECONDS,
            context=ssl.create_default_context(),
            pinned=pinned,
        )
    else:
        connection = _PinnedHTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS, pinned=pinned)
    try:
        connection.request("POST", path, body=body, headers={**headers, "user-agent": "Tamkeen-Webhooks/1"})
        response = connection.getresponse()
        excerpt = response.read(2000).decode("utf-8", "replace")[:500]
        return response.status, excerpt
    finally:
        connection.close()

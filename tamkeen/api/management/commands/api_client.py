"""`tamkeen api-client create (--entity CODE | --verifier NAME) [--scopes S,…] [--name N]` and
`tamkeen api-client revoke CLIENT_ID` (contracts/cli.md, api.md)."""

import json
import sys

from django.core.management.base import BaseCommand

from tamkeen.api.models import ApiClient
from tamkeen.api.services import ApiClientError, api_client_create, api_client_revoke
from tamkeen.partners.models import Entity

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Create or revoke a partner system's API client."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new client; prints its secret once")
        owner = create.add_mutually_exclusive_group(required=True)
        owner.add_argument("--entity", help="the enabling entity's code")
        owner.add_argument("--verifier", help="the verifying body's name (scope employment:write alone)")
        create.add_argument(
            "--scopes", default="", help="comma-separated; all of the owner's scopes if absent"
        )
        create.add_argument("--name", default="")
        revoke = actions.add_parser("revoke", help="end a client and its tokens at once")
        revoke.add_argument("client_id")

    def handle(self, *args, action, **options):
        if action == "create":
            return self._create(**options)
        return self._revoke(options["client_id"])

    def _fail(self, message: str):
        sys.stderr.write(message + "\n")
        raise SystemExit(EXIT_BAD_INPUT)

    def _create(self, *, entity, verifier, scopes, name, **_options):
        owner = None
        if entity:
            owner = Entity.objects.filter(code=entity.strip().upper()).first()
            if owner is None:
                self._fail(f"no enabling entity with code {entity}")
        wanted = [s for s in scopes.split(",") if s.strip()]
        try:
            client, secret = api_client_create(
                actor=None, entity=owner, verifier_name=verifier or "", scopes=wanted, name=name
            )
        except ApiClientError as error:
            self._fail(str(error))
        self.stdout.write(
            json.dumps(
                {
                    "client_id": client.client_id,
                    "client_secret": secret,
                    "entity": owner.code if owner else None,
                    "scopes": client.scopes,
                },
                ensure_ascii=False,
            )
        )

    def _revoke(self, client_id: str):
        client = ApiClient.objects.filter(client_id=client_id.strip()).first()
        if client is None:
            self._fail(f"no API client {client_id}")
        api_client_revoke(actor=None, client=client)
        self.stdout.write(json.dumps({"client_id": client.client_id, "revoked": True}))

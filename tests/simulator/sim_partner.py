# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A partner estate for the simulator: generated customer organizations, their own tokens, rate limits per token.

Standard library only; hooked into webex_simulator.py at a few points (seeding, authentication, the organization a
request acts in, the rate limit, the token grant, the ready-file document).

- ``--customer-orgs N`` generates N customer organizations ``Customer Org 01`` ... (keys ``customer01`` ...), each
  with ``--customer-org-locations`` locations (default 1: ``Customer 01 Site 01`` ...) and
  ``--customer-org-people`` calling people (default 10: ``user0001@customer01.example.org`` ...) and
  ``--customer-org-workspaces`` calling workspaces (default 0), spread round-robin over its locations. Each location
  has the greeting ``site-closed.wav`` in its announcement repository.
- The admin token (``sim-admin-token``) is the partner's: ``GET /v1/organizations`` lists every organization, and
  ``?orgId=`` reaches any of them. Each customer organization also has a token of its own (a service app authorized
  in that organization): ``sim-org-token-01`` ... acts as an admin of that organization only. Without ``orgId`` it
  acts there; ``GET /v1/organizations`` and ``GET /v1/people/me`` show that organization; an ``orgId`` of another
  organization answers 403. Each also has a refresh token (``sim-org-refresh-01`` ..., client ``sim-client-id`` /
  ``sim-client-secret``) whose access tokens are bound to the organization the same way.
- ``--rate-limit-per-token`` (or ``POST /_sim/config {"rate_limit_scope": "token"}``): ``rate_limit`` is a budget per
  token (each bearer token its own bucket, like Webex's per-token limits) instead of one for the whole server.
  ``GET /_sim/counters`` then also has ``rate_limited_tokens``: how many distinct tokens were answered 429.
- ``GET /_sim/info`` has ``customer_orgs``: ``[{key, id, name, token, refresh_token, locations: [{id, name}]}]``.
"""

import hashlib
import uuid

ORG_TOKEN = "sim-org-token-%02d"
ORG_REFRESH_TOKEN = "sim-org-refresh-%02d"
SCOPES = ("server", "token")
PROCESS_OPTIONS = ("customer_orgs", "customer_org_people", "customer_org_locations", "customer_org_workspaces",
                   "rate_limit_per_token")


def add_arguments(parser):
    """The command line flags of the partner estate."""
    parser.add_argument("--customer-orgs", type=int, default=0, help="generated customer organizations (default 0)")
    parser.add_argument("--customer-org-people", type=int, default=10, help="calling people per customer organization")
    parser.add_argument("--customer-org-locations", type=int, default=1, help="locations per customer organization")
    parser.add_argument("--customer-org-workspaces", type=int, default=0, help="calling workspaces per customer organization")
    parser.add_argument("--rate-limit-per-token", action="store_true", help="--rate-limit is a budget per token")


def options_from_args(args):
    """The estate options from parsed flags."""
    return {"orgs": args.customer_orgs, "people": args.customer_org_people, "locations": args.customer_org_locations,
            "workspaces": args.customer_org_workspaces, "per_token": args.rate_limit_per_token}


def initial_scope(options):
    """The rate-limit scope the simulator starts (and resets) with."""
    return "token" if (options or {}).get("per_token") else "server"


def generate(state, options, namespace, webex_id, default_intercept, client_id):
    """Add the customer organizations to the freshly seeded state (called by SimState.reset with its lock held)."""
    options = options or {}
    state.token_orgs = {}
    state.token_buckets = {}
    state.rate_limited_tokens = set()
    state.customer_orgs = []
    count = int(options.get("orgs") or 0)
    for number in range(1, count + 1):
        key = "customer%02d" % number
        org_id = webex_id("ORGANIZATION", str(uuid.uuid5(namespace, "org/%s" % key)))
        domain = "%s.example.org" % key
        state.orgs[org_id] = {"id": org_id, "name": "Customer Org %02d" % number, "key": key, "domain": domain}
        locations = []
        for index in range(1, max(1, int(options.get("locations") or 1)) + 1):
            loc_id = webex_id("LOCATION", str(uuid.uuid5(namespace, "location/%s/%04d" % (key, index))))
            state.locations[loc_id] = {"id": loc_id, "name": "Customer %02d Site %02d" % (number, index), "orgId": org_id}
            state.location_intercepts[loc_id] = default_intercept()
            state.location_announcements[loc_id] = ["site-closed.wav"]
            locations.append(loc_id)
        for index in range(1, int(options.get("people") or 0) + 1):
            state._add_person(str(uuid.uuid5(namespace, "person/%s/%04d" % (key, index))), org_id,
                              "user%04d@%s" % (index, domain), "User", "%02d-%04d" % (number, index), True,
                              locations[(index - 1) % len(locations)], str(60000 + index),
                              "+1559%03d%04d" % (number, index), None)
        for index in range(1, int(options.get("workspaces") or 0) + 1):
            state._add_workspace(str(uuid.uuid5(namespace, "workspace/%s/%04d" % (key, index))), org_id,
                                 "Room %02d-%04d" % (number, index), True, locations[(index - 1) % len(locations)],
                                 str(70000 + index), "+1560%03d%04d" % (number, index), None)
        token = ORG_TOKEN % number
        refresh = ORG_REFRESH_TOKEN % number
        state.tokens[token] = "admin"
        state.token_orgs[token] = org_id
        state.oauth.refresh_tokens[refresh] = {"client_id": client_id, "role": "admin", "state": "valid"}
        state.customer_orgs.append({"key": key, "id": org_id, "name": state.orgs[org_id]["name"], "token": token,
                                    "refresh_token": refresh, "locations": locations})


def info(state):
    """The customer organizations for the ready-file document."""
    with state.lock:
        return [dict(org, locations=[{"id": loc_id, "name": state.locations[loc_id]["name"]} for loc_id in org["locations"]])
                for org in state.customer_orgs]


def bound_org(state, token):
    """The organization a token is bound to (a customer organization's own token), None for the partner's tokens."""
    return state.token_orgs.get(token)


def after_grant(state, form, document):
    """An access token granted for an organization's refresh token is bound to that organization too."""
    refresh = form.get("refresh_token")
    org = next((item for item in state.customer_orgs if item["refresh_token"] == refresh), None)
    if org is not None and isinstance(document, dict) and document.get("access_token"):
        with state.lock:
            state.token_orgs[document["access_token"]] = org["id"]


def resolve_org(state, token, org_id, error):
    """The organization a request acts in: ``error(status, message)`` builds the error to raise for a wrong one."""
    bound = bound_org(state, token)
    if bound is None:
        return org_id
    if org_id is None:
        return bound
    if org_id != bound:
        raise error(403, "This token is authorized for organization %s only, not %s." % (bound, org_id))
    return org_id


def organizations(state, token):
    """The organization IDs ``GET /v1/organizations`` lists for this token."""
    bound = bound_org(state, token)
    return [bound] if bound else list(state.orgs)


def rate_allowed(state, token, bucket_class):
    """Per-token scope: take from this token's own bucket (created at the configured rate)."""
    rate = state.config["rate_limit"]
    key = hashlib.sha256((token or "").encode("utf-8")).hexdigest()
    with state.lock:
        bucket = state.token_buckets.get(key)
        if bucket is None:
            bucket = state.token_buckets[key] = bucket_class(rate)
    if bucket.take():
        return True
    with state.lock:
        state.rate_limited_tokens.add(key)
    return False


def check_scope(value):
    """Raise ValueError unless ``value`` is a rate-limit scope."""
    if value not in SCOPES:
        raise ValueError("rate_limit_scope must be one of %s" % ", ".join(SCOPES))


def counters(state):
    """Extra counters (with the state lock held)."""
    return {"rate_limited_tokens": len(state.rate_limited_tokens)}

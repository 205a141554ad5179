"""moto_server with three Route 53 bugs fixed, for route53-gslb's integration tests.

Run exactly like moto_server:  python moto_patched.py -H 127.0.0.1 -p PORT
(scripts/peers/moto.mjs starts it with the Python interpreter that has moto).
The patch file is run from the repository on every start (nothing is copied
into the cached venv), so a change here takes effect on the next start.

PATCH 1: "moto-route53-delete-by-set-identifier" (written for moto 5.2.1)

The bug. For a ChangeResourceRecordSets DELETE whose record set has a
SetIdentifier, moto's Route53Backend.change_resource_record_sets calls
FakeZone.delete_rrset_by_id(SetIdentifier) with the identifier alone, and that
removes EVERY record set in the zone carrying that identifier, under any name
and type.

What AWS does. A SetIdentifier only "differentiates among multiple resource
record sets that have the same combination of name and type"; a DELETE removes
the one existing record set you specify ("To delete a resource record set, you
must specify all the same values that you specified when you created it"), and
a DELETE of a record set that does not exist fails with InvalidChangeBatch
"Tried to delete resource record set [name='...', type='...'] but it was not
found". (Route 53 API Reference: ChangeResourceRecordSets, Change,
ResourceRecordSet.)

Why the tests need it. route53-gslb gives every member a cluster publishes the
same SetIdentifier (the cluster name), and its TXT ownership records too. In
unpatched moto, removing one hostname's member of cluster c1 also wipes every
other c1 member and c1's ownership records, so no test of removing a hostname
can observe what Route 53 would be left with.

How. Before moto sees a batch, each DELETE's SetIdentifier string is swapped for
an equal str subclass that also carries the DELETE's name and type (it compares,
hashes and serialises as the plain string, so moto's validation and change
journal see no difference). The replaced FakeZone.delete_rrset_by_id then
removes only the record set with that name, type and SetIdentifier, and raises
AWS's InvalidChangeBatch "not found" if there is none. Everything else is
moto's own code, including its other gaps (documented in moto.mjs): DELETE
without a SetIdentifier, the journal-based value check, CREATE duplicates,
non-atomic batches (a "not found" raised mid-batch leaves the batch's earlier
changes applied, as any other moto error mid-batch does).

PATCH 2: "moto-route53-create-exists-check" (written for moto 5.2.1)

The bug. moto decides whether a CREATE's record set "already exists" in two
wrong ways. (a) If the CREATE is identical to any CREATE in the zone's change
journal (so: a record created, deleted and now created again), it looks up
FakeZone.get_record_sets(start_type, start_name), which is a listing that
STARTS at that name and type, and rejects the CREATE if anything at all sorts
at or after it: another cluster's member of the same name, a `_gslb.<name>`
ownership TXT, any later name. So create / delete / re-create of a weighted
member is rejected with "already exists" whenever the zone holds anything
sorting after it (unpatched moto showed it less often, because PATCH 1's bug
had also deleted most of those records). The check also runs for the whole
batch before any change, so a batch [DELETE x, CREATE x-as-before] is rejected
although x is deleted first. (b) A CREATE of a record set that does exist,
with other values than any journaled CREATE, is not rejected at all: moto adds
a second record set with the same name, type and SetIdentifier.

What AWS does. Changes in a batch apply in order; a CREATE fails with
InvalidChangeBatch "Tried to create resource record set [name='...',
type='...'] but it already exists" exactly when a record set with that name,
type and SetIdentifier (none for a simple record) exists at that point of the
batch, whatever its values. (Route 53 API Reference: ChangeResourceRecordSets,
Change: "CREATE: Creates a resource record set that has the specified values";
a DELETE followed by a CREATE of the same record in one batch is how a value
is replaced.)

How. Before moto sees a batch, the patched change_resource_record_sets walks
it in order over the set of (name, type, SetIdentifier) keys in the zone,
adding CREATE/UPSERT keys and removing DELETE keys, and raises AWS's error at
the first CREATE whose key is present, before anything is applied (as moto
does for its own upfront checks). moto's journal check is switched off by
making ChangeList.__contains__ (used by nothing else in moto 5.2.1) answer
False. Names are compared as moto stores them (case-sensitive, `*` as sent),
which are moto's remaining, documented gaps.

PATCH 3: "moto-route53-geoproximity-location" (written for moto 5.2.1)

The bug. moto's RecordSet keeps a fixed list of fields (Weight, Region,
Failover, GeoLocation, MultiValueAnswer, ...) and not GeoProximityLocation: a
CREATE or UPSERT of a geoproximity member is accepted, but the member is stored
and listed without its GeoProximityLocation, so it reads back as a plain
member with a SetIdentifier and no routing policy.

What AWS does. ResourceRecordSet.GeoProximityLocation (AWSRegion,
LocalZoneGroup, Coordinates {Latitude, Longitude}, Bias) is stored with the
member and returned by ListResourceRecordSets like every other routing field.
(Route 53 API Reference: ResourceRecordSet, GeoProximityLocation, Coordinates.)

Why the tests need it. route53-gslb writes geoproximity members and must read
them back as written, or every plan after an apply would try to rewrite them.

How. RecordSet.__init__ (used by CREATE and UPSERT alike) also keeps the
request's GeoProximityLocation as `geo_proximity_location`, the attribute moto's
response serializer reads for that member of the ResourceRecordSet shape. The
values are kept exactly as sent, as AWS does; moto still validates nothing.

If the moto internals these rely on are missing or changed (another moto
version), this script exits with an error before serving anything, rather than
run an unpatched moto.
"""

import inspect
import sys

PATCH = (
    "moto-route53-delete-by-set-identifier + moto-route53-create-exists-check"
    " + moto-route53-geoproximity-location"
)


def fail(why):
    sys.stderr.write(
        f"[moto_patched] cannot apply {PATCH}: {why}\n"
        "[moto_patched] This patch was written for moto 5.2.1 (scripts/peers/moto.mjs MOTO_VERSION); "
        "refusing to run an unpatched moto. Install that version or update scripts/peers/moto_patched.py.\n"
    )
    sys.exit(70)


try:
    import moto
    from moto.route53 import models
    from moto.route53.exceptions import Route53ClientError
    from moto.server import main as moto_server_main
except ImportError as e:
    fail(f"cannot import moto's server or Route 53 model ({e}); is moto[server] installed for {sys.executable}?")

# The call site this patch relies on: the apply loop hands delete_rrset_by_id the identifier only.
CALL_SITE = 'the_zone.delete_rrset_by_id(record_set["SetIdentifier"])'
try:
    _change_source = inspect.getsource(models.Route53Backend.change_resource_record_sets)
    _original_change = models.Route53Backend.change_resource_record_sets
    models.FakeZone.delete_rrset_by_id  # noqa: B018 (must exist)
except (AttributeError, OSError, TypeError) as e:
    fail(f"moto.route53.models has no Route53Backend.change_resource_record_sets / FakeZone.delete_rrset_by_id ({e})")
if CALL_SITE not in _change_source:
    fail(f"Route53Backend.change_resource_record_sets no longer calls `{CALL_SITE}`")
# PATCH 2 switches off moto's journal-based CREATE check, its only use of ChangeList.__contains__.
JOURNAL_CHECK = 'value["Action"] == "CREATE" and value in the_zone.rr_changes'
if JOURNAL_CHECK not in _change_source or not hasattr(models, "ChangeList"):
    fail(f"Route53Backend.change_resource_record_sets no longer checks `{JOURNAL_CHECK}`")
# PATCH 3 extends the record set's constructor, which CREATE and UPSERT both use.
if not hasattr(models, "RecordSet") or "GeoLocation" not in inspect.getsource(models.RecordSet.__init__):
    fail("moto.route53.models.RecordSet.__init__ no longer reads the routing fields from its kwargs")


class _MemberId(str):
    """A DELETE's SetIdentifier that also knows the DELETE's record name and type."""

    rrset_name = ""
    rrset_type = ""


def _dotted(name):
    # moto stores record names with a trailing dot, adding one if the request had none.
    return name if name.endswith(".") else name + "."


def _already_exists(name, type_, set_identifier):
    sid = "" if set_identifier is None else f", set-identifier='{set_identifier}'"
    return Route53ClientError(
        "InvalidChangeBatch",
        f"[Tried to create resource record set [name='{name}', type='{type_}'{sid}] but it already exists]",
    )


def _check_creates(zone, change_list):
    """PATCH 2: AWS's CREATE rule, checked in batch order before anything is applied."""
    present = {(rs.name, rs.type, rs.set_identifier) for rs in zone.rrsets}
    for change in change_list:
        rrset = change.get("ResourceRecordSet") or {}
        key = (_dotted(rrset.get("Name", "")), rrset.get("Type"), rrset.get("SetIdentifier"))
        action = change.get("Action")
        if action == "CREATE":
            if key in present:
                raise _already_exists(*key)
            present.add(key)
        elif action == "UPSERT":
            present.add(key)
        elif action == "DELETE":
            present.discard(key)


def change_resource_record_sets(self, zoneid, change_list):
    _check_creates(self.get_hosted_zone(zoneid), change_list)
    for change in change_list:
        rrset = change.get("ResourceRecordSet") or {}
        if change.get("Action") == "DELETE" and rrset.get("SetIdentifier") is not None:
            member = _MemberId(rrset["SetIdentifier"])
            member.rrset_name = _dotted(rrset.get("Name", ""))
            member.rrset_type = rrset.get("Type")
            rrset["SetIdentifier"] = member
    return _original_change(self, zoneid, change_list)


def delete_rrset_by_id(self, set_identifier):
    if not isinstance(set_identifier, _MemberId):
        # Only the patched change_resource_record_sets calls this in moto 5.2.1.
        raise RuntimeError(f"{PATCH}: FakeZone.delete_rrset_by_id called without the DELETE's name and type")

    def same(rs):
        return (
            rs.set_identifier == set_identifier
            and rs.name == set_identifier.rrset_name
            and rs.type == set_identifier.rrset_type
        )

    kept = [rs for rs in self.rrsets if not same(rs)]
    if len(kept) == len(self.rrsets):
        raise Route53ClientError(
            "InvalidChangeBatch",
            f"[Tried to delete resource record set [name='{set_identifier.rrset_name}', "
            f"type='{set_identifier.rrset_type}', set-identifier='{set_identifier}'] but it was not found]",
        )
    self.rrsets = kept


def _journal_contains(self, item):
    # PATCH 2: moto's journal-based "already exists" check never fires; _check_creates decides instead.
    return False


_original_record_set_init = models.RecordSet.__init__


def _record_set_init(self, kwargs):
    # PATCH 3: keep the geoproximity location moto's RecordSet drops.
    _original_record_set_init(self, kwargs)
    self.geo_proximity_location = kwargs.get("GeoProximityLocation")


models.Route53Backend.change_resource_record_sets = change_resource_record_sets
models.FakeZone.delete_rrset_by_id = delete_rrset_by_id
models.ChangeList.__contains__ = _journal_contains
models.RecordSet.__init__ = _record_set_init


def self_test():
    """Prove the patch on a throwaway backend (not the server's) before serving."""
    try:
        backend = models.Route53Backend("us-east-1", "000000000000")
        zone = backend.create_hosted_zone("example.com.", private_zone=False)

        def rr(name, type_, value, set_id="c1"):
            rs = {"Name": name, "Type": type_, "TTL": 60, "ResourceRecords": [{"Value": value}]}
            return {"Action": "CREATE", "ResourceRecordSet": dict(rs, SetIdentifier=set_id, Weight=1)}

        backend.change_resource_record_sets(
            zone.id,
            [
                rr("a.example.com", "A", "192.0.2.1"),
                rr("a.example.com", "A", "192.0.2.2", "c2"),
                rr("b.example.com", "A", "192.0.2.3"),
                rr("_x.example.com", "TXT", '"owner"'),
            ],
        )
        delete = rr("a.example.com", "A", "192.0.2.1")
        delete["Action"] = "DELETE"
        backend.change_resource_record_sets(zone.id, [delete])
        left = sorted((rs.name, rs.type, rs.set_identifier) for rs in zone.rrsets if rs.set_identifier)
        try:
            delete_again = dict(delete, ResourceRecordSet=dict(delete["ResourceRecordSet"]))
            backend.change_resource_record_sets(zone.id, [delete_again])
            again = "no error"
        except Route53ClientError as e:
            again = e.code
    except SystemExit:
        raise
    except Exception as e:  # moto internals changed shape
        fail(f"self-test raised {type(e).__name__}: {e}")
    want = [("_x.example.com.", "TXT", "c1"), ("a.example.com.", "A", "c2"), ("b.example.com.", "A", "c1")]
    if left != want or again != "InvalidChangeBatch":
        fail(f"self-test: after DELETE a.example.com A c1 the zone holds {left} (want {want}); "
             f"deleting it again gave {again} (want InvalidChangeBatch)")
    self_test_create(backend, zone, rr)
    self_test_geoproximity(backend, zone)


def self_test_create(backend, zone, rr):
    """PATCH 2: re-creating a deleted member works; creating an existing one fails, whatever its values."""
    try:
        # a.example.com A c1 was deleted above; c2's member and b.example.com sort at or after it.
        backend.change_resource_record_sets(zone.id, [rr("a.example.com", "A", "192.0.2.1")])
        recreated = "ok"
    except Route53ClientError as e:
        recreated = e.code
    try:
        backend.change_resource_record_sets(zone.id, [rr("a.example.com", "A", "192.0.2.9")])
        duplicate = "no error"
    except Route53ClientError as e:
        duplicate = e.code
    if recreated != "ok" or duplicate != "InvalidChangeBatch":
        fail(f"self-test: re-creating deleted a.example.com A c1 gave {recreated} (want ok); "
             f"creating it again with other values gave {duplicate} (want InvalidChangeBatch)")


def self_test_geoproximity(backend, zone):
    """PATCH 3: a geoproximity member keeps its GeoProximityLocation, through CREATE and UPSERT."""
    location = {"Coordinates": {"Latitude": "49.22", "Longitude": "-74.01"}, "Bias": 10}
    moved = {"AWSRegion": "eu-west-1", "Bias": -5}
    rrset = {"Name": "g.example.com", "Type": "A", "TTL": 60, "SetIdentifier": "c1",
             "ResourceRecords": [{"Value": "192.0.2.1"}]}
    try:
        backend.change_resource_record_sets(
            zone.id, [{"Action": "CREATE", "ResourceRecordSet": dict(rrset, GeoProximityLocation=location)}])
        created = [rs.geo_proximity_location for rs in zone.rrsets if rs.name == "g.example.com."]
        backend.change_resource_record_sets(
            zone.id, [{"Action": "UPSERT", "ResourceRecordSet": dict(rrset, GeoProximityLocation=moved)}])
        upserted = [rs.geo_proximity_location for rs in zone.rrsets if rs.name == "g.example.com."]
    except Exception as e:  # moto internals changed shape
        fail(f"geoproximity self-test raised {type(e).__name__}: {e}")
    if created != [location] or upserted != [moved]:
        fail(f"self-test: g.example.com kept {created} after CREATE (want {[location]}) "
             f"and {upserted} after UPSERT (want {[moved]})")


if __name__ == "__main__":
    self_test()
    sys.stderr.write(f"[moto_patched] moto {getattr(moto, '__version__', '?')} with {PATCH} applied\n")
    moto_server_main(sys.argv[1:])

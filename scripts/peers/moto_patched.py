"""moto_server with one Route 53 bug fixed, for route53-gslb's integration tests.

Run exactly like moto_server:  python moto_patched.py -H 127.0.0.1 -p PORT
(scripts/peers/moto.mjs starts it with the Python interpreter that has moto).

THE PATCH: "moto-route53-delete-by-set-identifier" (written for moto 5.2.1)

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

If the moto internals this relies on are missing or changed (another moto
version), this script exits with an error before serving anything, rather than
run an unpatched moto.
"""

import inspect
import sys

PATCH = "moto-route53-delete-by-set-identifier"


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


class _MemberId(str):
    """A DELETE's SetIdentifier that also knows the DELETE's record name and type."""

    rrset_name = ""
    rrset_type = ""


def _dotted(name):
    # moto stores record names with a trailing dot, adding one if the request had none.
    return name if name.endswith(".") else name + "."


def change_resource_record_sets(self, zoneid, change_list):
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


models.Route53Backend.change_resource_record_sets = change_resource_record_sets
models.FakeZone.delete_rrset_by_id = delete_rrset_by_id


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


if __name__ == "__main__":
    self_test()
    sys.stderr.write(f"[moto_patched] moto {getattr(moto, '__version__', '?')} with {PATCH} applied\n")
    moto_server_main(sys.argv[1:])

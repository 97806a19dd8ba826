"""boto3 against kinesim-server: create a stream, wait for it, put, list shards, read back, and an error.

Run by boto3_test.go as: python3 boto3_roundtrip.py http://127.0.0.1:PORT REGION
It prints one line per step; the Go test compares the whole output. Any failed check raises (exit status 1).
"""

import sys

import boto3
import botocore.config

endpoint, region = sys.argv[1], sys.argv[2]
client = boto3.client(
    "kinesis",
    endpoint_url=endpoint,
    region_name=region,
    aws_access_key_id="AKIDBOTO3",
    aws_secret_access_key="boto3-secret",
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=10),
)

name = "boto3-orders"
client.create_stream(StreamName=name, ShardCount=2)
print("create_stream", name)

client.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.01, "MaxAttempts": 100})
desc = client.describe_stream(StreamName=name)["StreamDescription"]
print("stream_exists", desc["StreamStatus"], len(desc["Shards"]), "shards")

put = {}  # partition key -> (data, shard id, sequence number)
one = client.put_record(StreamName=name, PartitionKey="k0", Data=b"first")
put["k0"] = (b"first", one["ShardId"], one["SequenceNumber"])
print("put_record", one["ShardId"].startswith("shardId-"), len(one["SequenceNumber"]) > 0)

entries = [{"PartitionKey": "k%d" % i, "Data": bytes([i, 0, 0xFF]) + b"batch"} for i in range(1, 6)]
many = client.put_records(StreamName=name, Records=entries)
print("put_records", len(many["Records"]), "failed", many["FailedRecordCount"])
for e, r in zip(entries, many["Records"]):
    put[e["PartitionKey"]] = (e["Data"], r["ShardId"], r["SequenceNumber"])

shards = client.list_shards(StreamName=name)["Shards"]
print("list_shards", [s["ShardId"] for s in shards])
if shards[0]["HashKeyRange"]["StartingHashKey"] != "0" or shards[-1]["HashKeyRange"]["EndingHashKey"] != str(2**128 - 1):
    raise SystemExit("the shards do not cover the hash-key space: %r" % shards)

got = {}
for s in shards:
    it = client.get_shard_iterator(StreamName=name, ShardId=s["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = client.get_records(ShardIterator=it, Limit=100)
    if "NextShardIterator" not in out or out["MillisBehindLatest"] != 0:
        raise SystemExit("get_records on an open shard: %r" % out)
    for r in out["Records"]:
        key = r["PartitionKey"]
        if key in got:
            raise SystemExit("record of %s read twice" % key)
        got[key] = (r["Data"], s["ShardId"], r["SequenceNumber"])
        if not hasattr(r["ApproximateArrivalTimestamp"], "year"):
            raise SystemExit("ApproximateArrivalTimestamp %r is not a datetime" % r["ApproximateArrivalTimestamp"])
print("get_records", len(got), "records, as put:", got == put)
for key in sorted(got):
    print(" ", key, got[key][0])

try:
    client.describe_stream(StreamName="missing")
    raise SystemExit("describe_stream of a missing stream succeeded")
except client.exceptions.ResourceNotFoundException as e:
    err = e.response["Error"]
    print("describe_stream missing:", err["Code"], err["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"])


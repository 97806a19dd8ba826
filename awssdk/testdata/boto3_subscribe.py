"""Enhanced fan-out through boto3, unmodified, against a kinesim server on loopback (boto3_efo_test.go).

Usage: boto3_subscribe.py ENDPOINT REGION STREAM_ARN

Registers a consumer, waits for it to be ACTIVE (the Go test advances the account's clock when it reads the
"register_stream_consumer" line), subscribes to the stream's first shard from LATEST, checks that a second
subscription within 5 seconds is refused, and reads resp['EventStream'] until the record the Go test puts when it
reads the "second subscribe_to_shard" line arrives. Each step prints one line, flushed at once, for the Go test to
read and assert on.
"""

import sys
import time

import boto3
from botocore.config import Config


def main():
    endpoint, region, stream_arn = sys.argv[1:4]
    kinesis = boto3.client(
        "kinesis",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="AKIDKINESIM",
        aws_secret_access_key="kinesim-secret",
        config=Config(retries={"max_attempts": 1}),
    )

    consumer = kinesis.register_stream_consumer(StreamARN=stream_arn, ConsumerName="py-app")["Consumer"]
    arn = consumer["ConsumerARN"]
    created = int(consumer["ConsumerCreationTimestamp"].timestamp())
    print("register_stream_consumer", consumer["ConsumerName"], consumer["ConsumerStatus"],
          arn == "%s/consumer/py-app:%d" % (stream_arn, created), flush=True)

    # Wait for ACTIVE as a boto3 program does: poll describe_stream_consumer.
    for _ in range(400):
        desc = kinesis.describe_stream_consumer(ConsumerARN=arn)["ConsumerDescription"]
        if desc["ConsumerStatus"] == "ACTIVE":
            break
        time.sleep(0.05)
    print("describe_stream_consumer", desc["ConsumerStatus"], desc["StreamARN"] == stream_arn, flush=True)

    position = {"Type": "LATEST"}
    resp = kinesis.subscribe_to_shard(ConsumerARN=arn, ShardId="shardId-000000000000", StartingPosition=position)
    print("subscribe_to_shard", resp["ResponseMetadata"]["HTTPStatusCode"], flush=True)
    try:
        kinesis.subscribe_to_shard(ConsumerARN=arn, ShardId="shardId-000000000000", StartingPosition=position)
        print("second subscribe_to_shard: no error", flush=True)
    except kinesis.exceptions.ResourceInUseException as e:
        print("second subscribe_to_shard", e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], flush=True)

    stream = resp["EventStream"]
    for event in stream:
        ev = event["SubscribeToShardEvent"]
        if not ev["Records"]:
            continue  # a heartbeat
        for r in ev["Records"]:
            print("event", r["Data"], r["PartitionKey"], r["SequenceNumber"],
                  r["ApproximateArrivalTimestamp"].timestamp(), flush=True)
        print("continuation", ev["ContinuationSequenceNumber"], "behind", ev["MillisBehindLatest"], flush=True)
        break
    stream.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()

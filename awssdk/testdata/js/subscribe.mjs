// Enhanced fan-out through the AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis, pinned in package.json),
// unmodified, against a kinesim server on loopback, over HTTP/2 as the SDK sends every Kinesis call
// (js_efo_test.go).
//
// Usage: node subscribe.mjs ENDPOINT REGION STREAM_ARN
//
// Registers a consumer, polls DescribeStreamConsumer until it is ACTIVE (the Go test advances the account's clock
// when it reads the "register_stream_consumer" line), subscribes to the first shard from LATEST, and reads the
// EventStream until the record the Go test puts when it reads the "subscribe_to_shard" line arrives. Each step
// prints one line for the Go test to assert on.
import {
  KinesisClient,
  RegisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";

const [endpoint, region, streamARN] = process.argv.slice(2);
const kinesis = new KinesisClient({
  endpoint,
  region,
  credentials: { accessKeyId: "AKIDKINESIM", secretAccessKey: "kinesim-secret" },
  maxAttempts: 1,
});

const { Consumer: consumer } = await kinesis.send(
  new RegisterStreamConsumerCommand({ StreamARN: streamARN, ConsumerName: "js-app" }),
);
const created = Math.floor(consumer.ConsumerCreationTimestamp.getTime() / 1000);
console.log("register_stream_consumer", consumer.ConsumerName, consumer.ConsumerStatus,
  consumer.ConsumerARN === `${streamARN}/consumer/js-app:${created}`);

let desc;
for (let i = 0; i < 400; i++) {
  ({ ConsumerDescription: desc } = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN })));
  if (desc.ConsumerStatus === "ACTIVE") break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log("describe_stream_consumer", desc.ConsumerStatus, desc.StreamARN === streamARN);

// The subscription's HTTP/2 stream stays open for up to 5 minutes: aborting the call is how a client ends it
// sooner (destroying the client alone closes its session gracefully, which waits for open streams).
const abort = new AbortController();
const sub = await kinesis.send(new SubscribeToShardCommand({
  ConsumerARN: consumer.ConsumerARN,
  ShardId: "shardId-000000000000",
  StartingPosition: { Type: "LATEST" },
}), { abortSignal: abort.signal });
console.log("subscribe_to_shard", sub.$metadata.httpStatusCode);

for await (const event of sub.EventStream) {
  const ev = event.SubscribeToShardEvent;
  if (!ev || ev.Records.length === 0) continue; // a heartbeat
  for (const r of ev.Records) {
    console.log("event", Buffer.from(r.Data).toString(), r.PartitionKey, r.SequenceNumber,
      r.ApproximateArrivalTimestamp.getTime() / 1000);
  }
  console.log("continuation", ev.ContinuationSequenceNumber, "behind", ev.MillisBehindLatest);
  break;
}
abort.abort();
kinesis.destroy();
console.log("closed");

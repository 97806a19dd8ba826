"""Python's boto3, unmodified, against kinesim's Kinesis Video Streams through the loopback server.

Usage: boto3_video.py ENDPOINT REGION PRODUCER_MKV OUT_MKV

Creates a video stream with the kinesisvideo client, asks GetDataEndpoint where to send media, puts the producer's
Matroska file with PutMedia (a raw REST call: botocore models no PutMedia, AWS's producer SDKs make that call),
lists the fragments with kinesis-video-archived-media, reads them back live with kinesis-video-media's
get_media (EARLIEST) into OUT_MKV, and reads them again with get_media_for_fragment_list.
"""
import http.client
import json
import sys
import urllib.parse

import boto3
import botocore.config
import botocore.exceptions

endpoint, region, producer_mkv, out_mkv = sys.argv[1:5]
FRAGMENTS = 3
common = dict(region_name=region, aws_access_key_id="AKIDKINESIM", aws_secret_access_key="kinesim-secret",
              config=botocore.config.Config(retries={"max_attempts": 1}))

kv = boto3.client("kinesisvideo", endpoint_url=endpoint, **common)
arn = kv.create_stream(StreamName="boto3-cam", DataRetentionInHours=1, MediaType="video/x-raw")["StreamARN"]
print("create_stream", arn.split(":")[5].split("/")[1])
info = kv.describe_stream(StreamName="boto3-cam")["StreamInfo"]
print("describe_stream", info["Status"], info["DataRetentionInHours"], info["MediaType"])

put_endpoint = kv.get_data_endpoint(StreamName="boto3-cam", APIName="PUT_MEDIA")["DataEndpoint"]
print("get_data_endpoint PUT_MEDIA is the server:", put_endpoint == endpoint)
u = urllib.parse.urlparse(put_endpoint)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
with open(producer_mkv, "rb") as f:
    body = f.read()
conn.request("POST", "/putMedia", body=body, headers={
    "x-amzn-stream-name": "boto3-cam",
    "x-amzn-fragment-timecode-type": "RELATIVE",
    "x-amzn-producer-start-timestamp": "1700000000",
})
resp = conn.getresponse()
acks = [json.loads(line) for line in resp.read().splitlines() if line.strip()]
print("put_media", resp.status, " ".join(a["EventType"] for a in acks))
numbers = [a["FragmentNumber"] for a in acks if a["EventType"] == "PERSISTED"]

archived_endpoint = kv.get_data_endpoint(StreamName="boto3-cam", APIName="LIST_FRAGMENTS")["DataEndpoint"]
archived = boto3.client("kinesis-video-archived-media", endpoint_url=archived_endpoint, **common)
listed = archived.list_fragments(StreamName="boto3-cam")["Fragments"]
print("list_fragments", len(listed), "the numbers acked:", sorted(f["FragmentNumber"] for f in listed) == sorted(numbers))

media_endpoint = kv.get_data_endpoint(StreamName="boto3-cam", APIName="GET_MEDIA")["DataEndpoint"]
media = boto3.client("kinesis-video-media", endpoint_url=media_endpoint, **common)
out = media.get_media(StreamName="boto3-cam", StartSelector={"StartSelectorType": "EARLIEST"})
print("get_media", out["ContentType"])
payload = out["Payload"]
# The payload is live: read until the last chunk ends, with its continuation token (the last element of a chunk,
# whose value is the fragment number).
tag = b"AWS_KINESISVIDEO_CONTINUATION_TOKEN"
data = b""
while not (data.count(tag) == FRAGMENTS and data.endswith(numbers[-1].encode())):
    data += payload.read(1)
payload.close()
with open(out_mkv, "wb") as f:
    f.write(data)
print("get_media chunks", data.count(b"\x1a\x45\xdf\xa3"), "fragment numbers as acked:",
      all(n.encode() in data for n in numbers))

listed_media = archived.get_media_for_fragment_list(StreamName="boto3-cam", Fragments=numbers)
whole = listed_media["Payload"].read()
print("get_media_for_fragment_list chunks", whole.count(b"\x1a\x45\xdf\xa3"))

try:
    kv.describe_stream(StreamName="missing")
except botocore.exceptions.ClientError as e:
    print("describe_stream missing:", e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])

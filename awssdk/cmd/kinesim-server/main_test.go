package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// startServer runs the command on a free port and returns its address; the server stops with the test.
func startServer(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-account", "123456789012", "-region", "eu-west-1", "-seed", "7"}, pw)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the address: %v", err)
	}
	go io.Copy(io.Discard, pr)
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	return addr
}

// client returns an SDK client of the server at addr over transport tr, recording the protocol of each response.
func client(addr string, tr *http.Transport, protos *[]string) *kinesis.Client {
	return kinesis.New(kinesis.Options{
		Region:       "eu-west-1",
		BaseEndpoint: aws.String("http://" + addr),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		HTTPClient:   recorder{&http.Client{Transport: tr}, protos},
		Retryer:      aws.NopRetryer{},
	})
}

type recorder struct {
	c      *http.Client
	protos *[]string
}

func (r recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.c.Do(req)
	if err == nil {
		*r.protos = append(*r.protos, resp.Proto)
	}
	return resp, err
}

// The server speaks HTTP/1.1 and cleartext HTTP/2 (net/http Server.Protocols, SetUnencryptedHTTP2): an SDK
// client over either creates a stream, puts a record and gets a typed error, with the account and region of the
// flags in the ARN and messages.
func TestServerSpeaksHTTP1AndH2C(t *testing.T) {
	addr := startServer(t)
	h1 := &http.Transport{}
	h2c := &http.Transport{Protocols: new(http.Protocols)}
	h2c.Protocols.SetUnencryptedHTTP2(true)
	for _, tc := range []struct {
		name, proto string
		tr          *http.Transport
	}{{"http1", "HTTP/1.1", h1}, {"h2c", "HTTP/2.0", h2c}} {
		t.Run(tc.name, func(t *testing.T) {
			defer tc.tr.CloseIdleConnections()
			var protos []string
			c := client(addr, tc.tr, &protos)
			ctx := t.Context()
			name := aws.String("s-" + tc.name)
			if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: name, ShardCount: aws.Int32(1)}); err != nil {
				t.Fatalf("CreateStream: %v", err)
			}
			put, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("k"), Data: []byte("x")})
			if err != nil || aws.ToString(put.ShardId) != "shardId-000000000000" {
				t.Fatalf("PutRecord: %v %+v", err, put)
			}
			sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: name})
			if err != nil || aws.ToString(sum.StreamDescriptionSummary.StreamARN) != "arn:aws:kinesis:eu-west-1:123456789012:stream/s-"+tc.name {
				t.Fatalf("DescribeStreamSummary: %v %+v", err, sum)
			}
			_, err = c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("nope")})
			var nf *types.ResourceNotFoundException
			if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Stream nope under account 123456789012 not found." {
				t.Fatalf("DeleteStream of a missing stream: %v", err)
			}
			for _, p := range protos {
				if p != tc.proto {
					t.Fatalf("responses over %v, want %s", protos, tc.proto)
				}
			}
			if len(protos) != 4 {
				t.Fatalf("%d responses recorded", len(protos))
			}
		})
	}
}

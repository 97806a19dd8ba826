// Command kinesim-server serves one kinesim account — Kinesis Data Streams (enhanced fan-out included), Amazon
// Data Firehose and Kinesis Video Streams (control plane and media) — over the AWS wire protocols on a local address, in HTTP/1.1 and cleartext HTTP/2 (h2c), so any
// AWS SDK or the AWS CLI can talk to it:
//
//	kinesim-server -addr 127.0.0.1:4567 -account 000000000000 -region us-east-1
//	aws --endpoint-url http://127.0.0.1:4567 kinesis list-streams
//	aws --endpoint-url http://127.0.0.1:4567 firehose list-delivery-streams
//	aws --endpoint-url http://127.0.0.1:4567 kinesisvideo list-streams
//
// The account lives in memory and ends with the process (SIGINT or SIGTERM). Requests are not authenticated.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kinesim-server:", err)
		os.Exit(1)
	}
}

// run parses args, listens, prints "listening ADDR" and serves until ctx ends or a signal arrives.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("kinesim-server", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:4567", "address to listen on (host:port; port 0 picks a free one)")
	account := fs.String("account", "000000000000", "AWS account id of the served account")
	region := fs.String("region", "us-east-1", "AWS region of the served account")
	seed := fs.Uint64("seed", 0, "seed of the account's tokens and incarnations (0: a random one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := []kinesim.Option{kinesim.WithAccount(*account, *region)}
	if *seed != 0 {
		opts = append(opts, kinesim.WithSeed(*seed))
	}
	acct := kinesim.New(opts...)
	defer acct.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newServer(acct)
	fmt.Fprintln(out, "listening", ln.Addr())

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newServer returns the HTTP server of acct, speaking HTTP/1.1 and cleartext HTTP/2. Its requests' contexts end
// when Shutdown starts, so that SubscribeToShard streams, which last up to 5 minutes, end then (cleanly, as at
// the end of a subscription) instead of holding the shutdown.
func newServer(acct *kinesim.Account) *http.Server {
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	base, cancel := context.WithCancel(context.Background())
	srv := &http.Server{
		Handler:           awssdk.Handler(acct),
		Protocols:         &protocols,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	srv.RegisterOnShutdown(cancel)
	return srv
}

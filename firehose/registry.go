package firehose

import (
	"net/http"
)

// registration is a destination endpoint given with an option: an HTTP handler, a Redshift cluster, an
// OpenSearch domain or a Splunk HEC, by the key its configuration names it with.
type registration struct {
	kind destKind
	key  string
	v    any
}

func (cfg *config) addTarget(k destKind, key string, v any) {
	cfg.targets = append(cfg.targets, registration{kind: k, key: key, v: v})
}

// register records v as the endpoint of kind k named key (a nil v removes it).
func (e *Engine) register(k destKind, key string, v any) {
	e.regMu.Lock()
	defer e.regMu.Unlock()
	if e.targets == nil {
		e.targets = make(map[registration]any)
	}
	r := registration{kind: k, key: key}
	if v == nil {
		delete(e.targets, r)
		return
	}
	e.targets[r] = v
}

// target returns the endpoint of kind k named key, nil when none is registered.
func (e *Engine) target(k destKind, key string) any {
	e.regMu.RLock()
	defer e.regMu.RUnlock()
	return e.targets[registration{kind: k, key: key}]
}

// WithHTTPEndpoint makes handler, in process, the endpoint of HTTP endpoint destinations whose Url is url (see
// [Engine.RegisterHTTPEndpoint]).
func WithHTTPEndpoint(url string, handler http.Handler) Option {
	return func(cfg *config) { cfg.addTarget(kindHTTPEndpoint, url, handler) }
}

// WithHTTPClient sets the client that reaches the Url of an HTTP endpoint destination without a registered
// handler (for a loopback httptest.Server, its Client()). Redirects are never followed, as Firehose follows
// none. The default is a client of http.DefaultTransport; [Engine.Close] closes its idle connections.
func WithHTTPClient(c *http.Client) Option { return func(cfg *config) { cfg.httpClient = c } }

// WithRedshiftCluster makes cluster the Redshift cluster of destinations whose ClusterJDBCURL is jdbcURL (see
// [Engine.RegisterRedshiftCluster]).
func WithRedshiftCluster(jdbcURL string, cluster RedshiftCluster) Option {
	return func(cfg *config) { cfg.addTarget(kindRedshift, jdbcURL, cluster) }
}

// WithOpenSearchDomain makes domain the domain of OpenSearch (and Elasticsearch) destinations whose DomainARN or
// ClusterEndpoint is key (see [Engine.RegisterOpenSearchDomain]).
func WithOpenSearchDomain(key string, domain OpenSearchDomain) Option {
	return func(cfg *config) { cfg.addTarget(kindOpenSearch, key, domain) }
}

// WithSplunkHEC makes hec the Splunk HTTP Event Collector of destinations whose HECEndpoint is endpoint (see
// [Engine.RegisterSplunkHEC]).
func WithSplunkHEC(endpoint string, hec SplunkHEC) Option {
	return func(cfg *config) { cfg.addTarget(kindSplunk, endpoint, hec) }
}

// RegisterHTTPEndpoint makes handler the endpoint of HTTP endpoint destinations whose Url is url: requests go to
// it in process instead of over the network. The handler must return when the request's context is done (the
// attempt timeout on the engine's clock). A nil handler removes the registration.
func (e *Engine) RegisterHTTPEndpoint(url string, handler http.Handler) {
	e.register(kindHTTPEndpoint, url, handler)
}

// RegisterRedshiftCluster makes cluster the cluster of Redshift destinations whose ClusterJDBCURL is jdbcURL. A
// destination whose cluster is not registered fails each COPY, as an unreachable cluster does. A nil cluster
// removes the registration.
func (e *Engine) RegisterRedshiftCluster(jdbcURL string, cluster RedshiftCluster) {
	e.register(kindRedshift, jdbcURL, cluster)
}

// RegisterOpenSearchDomain makes domain the domain of OpenSearch destinations whose DomainARN (or, without one,
// ClusterEndpoint) is key. An unregistered domain fails each bulk request, as an unreachable one does. A nil
// domain removes the registration.
func (e *Engine) RegisterOpenSearchDomain(key string, domain OpenSearchDomain) {
	e.register(kindOpenSearch, key, domain)
}

// RegisterSplunkHEC makes hec the collector of Splunk destinations whose HECEndpoint is endpoint. An unregistered
// endpoint fails each request, as an unreachable one does. A nil hec removes the registration.
func (e *Engine) RegisterSplunkHEC(endpoint string, hec SplunkHEC) {
	e.register(kindSplunk, endpoint, hec)
}

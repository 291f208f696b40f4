// Package google is the Google Cloud Translation provider, speaking either
// the v2 API (Cloud Translation Basic: API key or application default
// credentials) or the v3 API (Cloud Translation Advanced: a project,
// location, model and glossary, with application default credentials).
//
// Like every provider it only calls the service and classifies errors:
// retries, pacing and concurrency belong to package middleware. Translate
// accepts any number of segments and splits them into requests within the
// API's limits; blank segments are answered without a request.
package google

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"unicode/utf8"

	translate "cloud.google.com/go/translate"
	translatev3 "cloud.google.com/go/translate/apiv3"
	"cloud.google.com/go/translate/apiv3/translatepb"
	"golang.org/x/text/language"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
)

// Name is the registry name of the provider.
const Name = "google"

// API limits. v2 sends its texts in the URL of a GET request, where each
// Devanagari character takes nine bytes ("%E0%A4%95"), so v2 requests are
// sized by their encoded length.
const (
	V2MaxSegments   = 128    // texts per v2 request
	V2MaxChars      = 1300   // default code points per v2 request
	V2MaxQueryBytes = 12_000 // encoded "q=" parameters per v2 request
	V3MaxSegments   = 1024   // texts per v3 request
	V3MaxChars      = 30_000 // code points per v3 request (hard limit)
	V3DefaultChars  = 5_000  // code points per v3 request (recommended)
)

// Options configure the provider. The mapstructure tags are the keys of the
// providers.google configuration section.
type Options struct {
	// API is "v2" or "v3". Empty chooses v3 when Project is set, else v2.
	API string `mapstructure:"api"`
	// APIKey authenticates v2 requests; empty uses application default
	// credentials. v3 does not accept API keys.
	APIKey string `mapstructure:"api_key"`
	// Project, Location (default "global"), Model and Glossary are v3
	// settings. Model is a model id such as "general/nmt" or a full
	// resource name; for v2 it is "nmt" or "base". Glossary is a glossary id
	// or full resource name.
	Project  string `mapstructure:"project"`
	Location string `mapstructure:"location"`
	Model    string `mapstructure:"model"`
	Glossary string `mapstructure:"glossary"`
	// Endpoint overrides the service address: a base URL for v2
	// ("https://host/language/translate/"; a bare host gets that path), a
	// host:port for v3.
	Endpoint string `mapstructure:"endpoint"`
	// Insecure talks to Endpoint without TLS and without credentials, for
	// emulators and gateways inside a trusted network.
	Insecure bool `mapstructure:"insecure"`
	// MaxSegments and MaxChars (code points) cap one request; zero means
	// the API's default, and values above the API's limits are lowered.
	MaxSegments int `mapstructure:"max_segments"`
	MaxChars    int `mapstructure:"max_chars"`

	// ClientOptions are added to the client's options (tests use them to
	// disable authentication or TLS).
	ClientOptions []option.ClientOption `mapstructure:"-"`
	// Logger receives debug records of requests; nil discards them.
	Logger *slog.Logger `mapstructure:"-"`
}

// Spec describes the provider for the registry.
func Spec() providers.Spec {
	return providers.Spec{
		Name:        Name,
		Description: "Google Cloud Translation (v2 with an API key, v3 with a project)",
		Options: []configmap.Option{
			{Key: "api", Default: "", Help: "API version: v2 or v3 (default v3 when a project is set, else v2)"},
			{Key: "api_key", Default: "", Sensitive: true, Env: []string{"GOOGLE_API_KEY"}, Help: "API key for v2 (default: application default credentials)"},
			{Key: "project", Default: "", Env: []string{"GOOGLE_CLOUD_PROJECT"}, Help: "Google Cloud project id (v3)"},
			{Key: "location", Default: "global", Help: "v3 location; glossaries need a region such as us-central1"},
			{Key: "model", Default: "", Help: "model: v3 general/nmt or general/translation-llm (default general/nmt), v2 nmt or base"},
			{Key: "glossary", Default: "", Help: "v3 glossary id or resource name"},
			{Key: "endpoint", Default: "", Help: "service address override (v2 base URL, v3 host:port)"},
			{Key: "insecure", Default: false, Help: "reach endpoint without TLS or credentials (emulators, trusted gateways)"},
			{Key: "max_segments", Default: 0, Help: "segments per request (0: 128 for v2, 1024 for v3)", Limits: configmap.LimitSegments},
			{Key: "max_chars", Default: 0, Help: "characters per request (0: 1300 for v2, 5000 for v3)", Limits: configmap.LimitChars},
		},
		Prices: PriceOptions(),
		Pricer: NewPricer,
		Configured: func(s configmap.Settings) bool {
			return str(s["api_key"]) != "" || str(s["project"]) != "" || str(s["endpoint"]) != ""
		},
		New: func(ctx context.Context, s configmap.Settings, logger *slog.Logger) (providers.Provider, error) {
			var o Options
			if err := s.Decode(&o); err != nil {
				return nil, providers.Permanent(fmt.Errorf("google: %w", err))
			}
			o.Logger = logger
			return New(ctx, o)
		},
	}
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// Provider translates with Google Cloud Translation.
type Provider struct {
	opt    Options
	log    *slog.Logger
	v2     *translate.Client
	v3     *translatev3.TranslationClient
	parent string // v3 "projects/P/locations/L"
	model  string // v3 model resource name, or v2 model
	gloss  string // v3 glossary resource name
	limits providers.Limits
}

var (
	_ providers.Provider = (*Provider)(nil)
	_ providers.Closer   = (*Provider)(nil)
)

// New builds the provider and its client. Configuration mistakes are
// returned as permanent errors.
func New(ctx context.Context, o Options) (*Provider, error) {
	o.API = strings.ToLower(strings.TrimSpace(o.API))
	o.Location = strings.TrimSpace(o.Location)
	if o.Location == "" {
		o.Location = "global"
	}
	if o.API == "" {
		o.API = "v2"
		if o.Project != "" {
			o.API = "v3"
		}
	}
	p := &Provider{opt: o, log: o.Logger}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	p.log = p.log.With("provider", Name, "api", o.API)
	var err error
	switch o.API {
	case "v2":
		err = p.newV2(ctx)
	case "v3":
		err = p.newV3(ctx)
	default:
		err = fmt.Errorf("api %q is not v2 or v3", o.API)
	}
	if err != nil {
		return nil, providers.Permanent(fmt.Errorf("google: %s", p.scrub(err.Error())))
	}
	return p, nil
}

func (p *Provider) newV2(ctx context.Context) error {
	o := p.opt
	if o.Glossary != "" {
		return errors.New("a glossary needs api v3 and a project")
	}
	if strings.Contains(o.Model, "/") {
		return fmt.Errorf("model %q is a v3 model; v2 takes nmt or base", o.Model)
	}
	p.model = o.Model
	p.limits = providers.Limits{MaxSegments: clamp(o.MaxSegments, V2MaxSegments, V2MaxSegments), MaxChars: clamp(o.MaxChars, V2MaxChars, V2MaxQueryBytes)}
	var opts []option.ClientOption
	if o.Endpoint != "" {
		ep, err := v2Endpoint(o.Endpoint)
		if err != nil {
			return err
		}
		opts = append(opts, option.WithEndpoint(ep))
	}
	if o.APIKey != "" {
		opts = append(opts, option.WithAPIKey(o.APIKey))
	} else if o.Insecure {
		opts = append(opts, option.WithoutAuthentication())
	}
	opts = append(opts, o.ClientOptions...)
	c, err := translate.NewClient(ctx, opts...)
	if err != nil {
		return fmt.Errorf("v2 client: %w", err)
	}
	p.v2 = c
	return nil
}

// v2Endpoint turns a bare host URL into the base URL the v2 client expects.
func v2Endpoint(ep string) (string, error) {
	u, err := url.Parse(ep)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("endpoint %q is not a URL such as https://host/language/translate/", ep)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/language/translate/"
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

func (p *Provider) newV3(ctx context.Context) error {
	o := p.opt
	if o.Project == "" {
		return errors.New("api v3 needs a project")
	}
	if o.APIKey != "" {
		p.log.Warn("api_key is ignored by api v3, which uses application default credentials")
	}
	p.parent = "projects/" + o.Project + "/locations/" + o.Location
	model := o.Model
	if model == "" {
		model = "general/nmt"
	}
	if !strings.HasPrefix(model, "projects/") {
		model = p.parent + "/models/" + model
	}
	p.model = model
	if g := o.Glossary; g != "" {
		if !strings.HasPrefix(g, "projects/") {
			g = p.parent + "/glossaries/" + g
		}
		p.gloss = g
	}
	p.limits = providers.Limits{MaxSegments: clamp(o.MaxSegments, V3MaxSegments, V3MaxSegments), MaxChars: clamp(o.MaxChars, V3DefaultChars, V3MaxChars)}
	var opts []option.ClientOption
	if o.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(o.Endpoint))
	}
	if o.Insecure {
		opts = append(opts, option.WithoutAuthentication(), option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())))
	}
	opts = append(opts, o.ClientOptions...)
	c, err := translatev3.NewTranslationClient(ctx, opts...)
	if err != nil {
		return fmt.Errorf("v3 client: %w", err)
	}
	p.v3 = c
	return nil
}

// clamp returns v, or def when v is not positive, and at most hard.
func clamp(v, def, hard int) int {
	if v <= 0 {
		v = def
	}
	return min(v, hard)
}

// Name implements providers.Provider.
func (p *Provider) Name() string { return Name }

// Model implements providers.Provider: "v2/nmt", "v2/default" or
// "v3/general/nmt" (the model id without the project and location).
func (p *Provider) Model() string {
	if p.v3 != nil {
		_, id, ok := strings.Cut(p.model, "/models/")
		if !ok {
			id = p.model
		}
		return "v3/" + id
	}
	if p.model == "" {
		return "v2/default"
	}
	return "v2/" + p.model
}

// Fingerprint implements providers.Provider.
func (p *Provider) Fingerprint() string {
	return fmt.Sprintf("api=%s;model=%s;glossary=%s;format=text", p.opt.API, p.model, p.gloss)
}

// Limits implements providers.Provider.
func (p *Provider) Limits() providers.Limits { return p.limits }

// Close implements providers.Closer.
func (p *Provider) Close() error {
	if p.v3 != nil {
		return p.v3.Close()
	}
	return p.v2.Close()
}

// Translate implements providers.Provider.
func (p *Provider) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	model := p.Model()
	out := make([]providers.Result, len(req.Segments))
	var send []int
	for i, s := range req.Segments {
		out[i] = providers.Result{ID: s.ID, Provider: Name, Model: model}
		if strings.TrimSpace(s.Text) == "" {
			out[i].Text = s.Text
			continue
		}
		send = append(send, i)
	}
	target, err := language.Parse(req.Target)
	if err != nil {
		return nil, providers.Permanent(fmt.Errorf("google: target language %q: %w", req.Target, err))
	}
	var source language.Tag
	if req.Source != "" {
		if source, err = language.Parse(req.Source); err != nil {
			return nil, providers.Permanent(fmt.Errorf("google: source language %q: %w", req.Source, err))
		}
	}
	chunks, tooLong := p.chunks(req, send)
	for _, i := range tooLong {
		out[i].Err = &providers.SegmentError{ID: req.Segments[i].ID, Err: fmt.Errorf("google %s: text too long for one request (limit %d characters, %d URL bytes for v2)", p.opt.API, p.limits.MaxChars, V2MaxQueryBytes)}
	}
	for n, chunk := range chunks {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("google: %w", err)
		}
		texts := make([]string, len(chunk))
		chars := 0
		for j, i := range chunk {
			texts[j] = req.Segments[i].Text
			chars += utf8.RuneCountInString(texts[j])
		}
		p.log.DebugContext(ctx, "request", "segments", len(texts), "chars", chars)
		var got []string
		if p.v3 != nil {
			got, err = p.translateV3(ctx, req.Source, req.Target, texts)
		} else {
			got, err = p.translateV2(ctx, source, target, texts)
		}
		if err != nil {
			err = p.classify(ctx, err)
			if n == 0 || providers.IsPermanent(err) || ctx.Err() != nil {
				return nil, err
			}
			for _, rest := range chunks[n:] {
				for _, i := range rest {
					out[i].Err = err
				}
			}
			return out, nil
		}
		if len(got) != len(texts) {
			err := providers.Retryable(fmt.Errorf("google %s: %d translations for %d texts", p.opt.API, len(got), len(texts)))
			for _, i := range chunk {
				out[i].Err = &providers.SegmentError{ID: req.Segments[i].ID, Err: err}
			}
			continue
		}
		for j, i := range chunk {
			if strings.TrimSpace(got[j]) == "" {
				out[i].Err = &providers.SegmentError{ID: req.Segments[i].ID, Err: providers.Retryable(errors.New("google: empty translation"))}
				continue
			}
			out[i].Text = got[j]
		}
	}
	return out, nil
}

func (p *Provider) translateV2(ctx context.Context, source, target language.Tag, texts []string) ([]string, error) {
	ts, err := p.v2.Translate(ctx, texts, target, &translate.Options{Source: source, Format: translate.Text, Model: p.model})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out, nil
}

func (p *Provider) translateV3(ctx context.Context, source, target string, texts []string) ([]string, error) {
	in := &translatepb.TranslateTextRequest{
		Parent:             p.parent,
		Contents:           texts,
		MimeType:           "text/plain",
		SourceLanguageCode: source,
		TargetLanguageCode: target,
		Model:              p.model,
	}
	if p.gloss != "" {
		in.GlossaryConfig = &translatepb.TranslateTextGlossaryConfig{Glossary: p.gloss}
	}
	resp, err := p.v3.TranslateText(ctx, in)
	if err != nil {
		return nil, err
	}
	ts := resp.GetTranslations()
	if p.gloss != "" && len(resp.GetGlossaryTranslations()) == len(texts) {
		ts = resp.GetGlossaryTranslations()
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.GetTranslatedText()
	}
	return out, nil
}

// chunks groups the indexes in send, in order, into requests within the
// limits. Segments that cannot fit any request are returned apart.
func (p *Provider) chunks(req providers.Request, send []int) (chunks [][]int, tooLong []int) {
	var cur []int
	chars, bytes := 0, 0
	for _, i := range send {
		text := req.Segments[i].Text
		n := utf8.RuneCountInString(text)
		b := 0
		if p.v2 != nil {
			b = len("&q=") + len(url.QueryEscape(text))
		}
		if n > V3MaxChars || b > V2MaxQueryBytes {
			tooLong = append(tooLong, i)
			continue
		}
		if len(cur) > 0 && (len(cur) >= p.limits.MaxSegments || chars+n > p.limits.MaxChars || bytes+b > V2MaxQueryBytes) {
			chunks = append(chunks, cur)
			cur, chars, bytes = nil, 0, 0
		}
		cur = append(cur, i)
		chars += n
		bytes += b
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks, tooLong
}

package middleware

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/anuvad/anuvad/providers"
)

// Chain is the fallback decorator; see Fallback.
type Chain struct {
	ps []providers.Provider
}

var (
	_ providers.Provider = (*Chain)(nil)
	_ providers.Wrapper  = (*Chain)(nil)
)

// Fallback returns a provider that asks ps in turn: the first provider gets
// every segment, each next one only the segments all earlier ones failed.
// Put each member's Retry stack inside the chain, so a provider has used up
// its retries before the next one is asked.
//
// A segment moves on to the next provider when its Result.Err is set (of any
// kind: a segment a service refuses may suit another) or when the whole
// request failed with an error that is not permanent (retries exhausted,
// quota spent, service down). A permanent whole-request error (bad key,
// unknown model, bad configuration) is returned at once: a misconfigured
// provider is reported, not silently bypassed. Cancellation is returned at
// once too. Segments that every provider failed carry all the providers'
// errors, joined.
//
// Results carry the Provider and Model that produced them. The chain's
// Name, Model and Fingerprint join those of its members with commas (for
// example "openai,google,offline"); its Limits are the tightest of theirs.
// Fallback panics without providers.
func Fallback(ps ...providers.Provider) *Chain {
	if len(ps) == 0 {
		panic("middleware: Fallback without providers")
	}
	return &Chain{ps: append([]providers.Provider(nil), ps...)}
}

// Providers returns the members of the chain in order.
func (c *Chain) Providers() []providers.Provider {
	return append([]providers.Provider(nil), c.ps...)
}

func (c *Chain) join(f func(providers.Provider) string) string {
	parts := make([]string, len(c.ps))
	for i, p := range c.ps {
		parts[i] = f(p)
	}
	return strings.Join(parts, ",")
}

// Name implements providers.Provider.
func (c *Chain) Name() string { return c.join(providers.Provider.Name) }

// Model implements providers.Provider.
func (c *Chain) Model() string { return c.join(providers.Provider.Model) }

// Fingerprint implements providers.Provider.
func (c *Chain) Fingerprint() string { return c.join(providers.Provider.Fingerprint) }

// Limits implements providers.Provider: the tightest non-zero limit of the
// members for each field.
func (c *Chain) Limits() providers.Limits {
	var l providers.Limits
	tight := func(cur, n int) int {
		if n > 0 && (cur == 0 || n < cur) {
			return n
		}
		return cur
	}
	for _, p := range c.ps {
		pl := p.Limits()
		l.MaxSegments = tight(l.MaxSegments, pl.MaxSegments)
		l.MaxChars = tight(l.MaxChars, pl.MaxChars)
		l.MaxConcurrent = tight(l.MaxConcurrent, pl.MaxConcurrent)
	}
	return l
}

// Unwrap implements providers.Wrapper; it returns the first member. Walk
// and Providers reach the others.
func (c *Chain) Unwrap() providers.Provider { return c.ps[0] }

// Translate implements providers.Provider.
func (c *Chain) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	out := make([]providers.Result, len(req.Segments))
	pending := make([]int, len(req.Segments))
	for i := range pending {
		pending[i] = i
		out[i].ID = req.Segments[i].ID
	}
	errs := make([][]error, len(req.Segments))
	for _, p := range c.ps {
		if len(pending) == 0 {
			break
		}
		sub := subRequest(req, pending)
		res, err := p.Translate(ctx, sub)
		if err == nil {
			err = checkResults(p.Name(), sub, res)
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, fmt.Errorf("%s: %w", c.Name(), cerr)
			}
			if providers.IsPermanent(err) {
				return nil, fmt.Errorf("%s: %w", p.Name(), err)
			}
			for _, i := range pending {
				errs[i] = append(errs[i], fmt.Errorf("%s: %w", p.Name(), err))
			}
			continue
		}
		var still []int
		for j, r := range res {
			i := pending[j]
			if r.Err != nil {
				errs[i] = append(errs[i], fmt.Errorf("%s: %w", p.Name(), r.Err))
				still = append(still, i)
				continue
			}
			if r.Provider == "" {
				r.Provider, r.Model = p.Name(), p.Model()
			}
			out[i] = r
		}
		pending = still
	}
	for _, i := range pending {
		out[i] = providers.Result{ID: req.Segments[i].ID, Err: joinErrors(errs[i])}
	}
	return out, nil
}

// joinErrors joins the errors the providers gave for one segment. The
// segment counts as refused by a provider that is down (providers.IsDown)
// only when every provider of the chain was down.
func joinErrors(errs []error) error {
	if !slices.ContainsFunc(errs, func(e error) bool { return !providers.IsDown(e) }) {
		return errors.Join(errs...)
	}
	kept := make([]error, len(errs))
	for i, e := range errs {
		if providers.IsDown(e) {
			e = errors.New(e.Error())
		}
		kept[i] = e
	}
	return errors.Join(kept...)
}

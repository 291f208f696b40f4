// Package cache stores validated translations durably so that no sentence is
// paid for twice: not on a rerun, not after a crash.
//
// A translation is keyed by a hash of the provider, its model, its options
// fingerprint (prompt and glossary versions included), the source and target
// languages and the normalised source text. Store is the storage contract;
// SQLite is the embedded implementation, the default, for one machine;
// Postgres is a table shared by processes on many machines. Open picks one
// by the location's form. Wrap turns any Store into a provider decorator.
package cache

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Key identifies one translation.
type Key struct {
	Provider    string
	Model       string
	Fingerprint string
	Source      string
	Target      string
	Text        string
}

// Hash returns the key's stable identifier: the hex SHA-256 of its fields,
// each preceded by its length so that no two keys collide by concatenation.
func (k Key) Hash() string {
	s := k.sum()
	return hex.EncodeToString(s[:])
}

// sum is the raw SHA-256 behind Hash. The fields are gathered in one
// buffer (on the stack for keys of ordinary length) and hashed at once.
func (k Key) sum() [sha256.Size]byte {
	var stack [1024]byte
	b := stack[:0]
	for _, f := range [...]string{k.Provider, k.Model, k.Fingerprint, k.Source, k.Target, k.Text} {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(f)))
		b = append(b, f...)
	}
	return sha256.Sum256(b)
}

// HumanProvider is the provider name of translations written or corrected
// by a person (on the review page). They carry no model or fingerprint.
const HumanProvider = "human"

// HumanKey is the key of the human translation of text. A human translation
// takes precedence over every provider's for the same sentence.
func HumanKey(source, target, text string) Key {
	return Key{Provider: HumanProvider, Source: source, Target: target, Text: text}
}

// Part returns which of n parts the key falls in, from 0 to n-1: the first
// eight bytes of its hash, modulo n. Shards of a run split the work by it.
func (k Key) Part(n int) int {
	if n <= 1 {
		return 0
	}
	s := k.sum()
	return int(binary.BigEndian.Uint64(s[:8]) % uint64(n))
}

// Entry is one stored translation.
type Entry struct {
	Key         Key
	Translation string
	// Created is when the entry was stored; a store sets it when it is
	// zero, so only the zero Entry Get returns for a missing key has none.
	Created time.Time
}

// Found reports whether e is a stored entry rather than the zero Entry Get
// returns for a key the store does not hold.
func (e Entry) Found() bool { return !e.Created.IsZero() }

// Stats describes a store's content.
type Stats struct {
	Path    string
	Entries int64
	Bytes   int64
	// ByProvider counts entries per "provider/model".
	ByProvider map[string]int64
	Oldest     time.Time
	Newest     time.Time
}

// Store is durable storage for translations. Implementations are safe for
// concurrent use by several goroutines and, for file-backed stores, by
// several processes.
type Store interface {
	// Get looks keys up: entry i answers keys[i], and is the zero Entry
	// (not Found) when the store holds none. A key may be asked twice.
	Get(ctx context.Context, keys []Key) ([]Entry, error)
	// Put stores entries, replacing any with the same key. The same Store
	// answers them at once; a Store that groups its writes (Flusher) makes
	// them visible to other handles and durable by Flush at the latest.
	// Neither Get nor Put keeps the slice it is given once it returns.
	Put(ctx context.Context, entries []Entry) error
	// Each calls fn for every entry, oldest first, until fn fails.
	Each(ctx context.Context, fn func(Entry) error) error
	// Stats summarises the store.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the store.
	Close() error
}

// Open opens the store at location: a PostgreSQL database for a
// postgres:// or postgresql:// URL, otherwise an SQLite file (created if
// needed). A database store creates its table on first use.
func Open(ctx context.Context, location string) (Store, error) {
	if IsPostgresURL(location) {
		return OpenPostgres(ctx, location)
	}
	return OpenSQLite(location)
}

// IntoGetter is a Store that can write its answers into a slice the caller
// gives, which may be reused from one lookup to the next. GetInto looks keys
// up as Get does: out holds one zero Entry for each key, and the entry of
// each key found is written over it.
type IntoGetter interface {
	GetInto(ctx context.Context, keys []Key, out []Entry) error
}

// Flusher is a Store that may hold entries before it commits them (SQLite
// groups its writes). Flush returns once every entry Put so far is durable.
type Flusher interface {
	Flush(ctx context.Context) error
}

// HumanHolder is a Store that can tell cheaply whether it holds any human
// translation (HumanKey), so that lookups ask for them only when it does.
type HumanHolder interface {
	// HasHuman reports whether the store holds, or has queued, a human
	// translation.
	HasHuman(ctx context.Context) (bool, error)
}

// PutNow stores entries and, for a Store that groups its writes, waits
// until they are durable: for a write a person is waiting on.
func PutNow(ctx context.Context, s Store, entries []Entry) error {
	if err := s.Put(ctx, entries); err != nil {
		return err
	}
	if f, ok := s.(Flusher); ok {
		return f.Flush(ctx)
	}
	return nil
}

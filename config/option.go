package config

import (
	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/redact"
)

// Option, Section and Settings are declared in package configmap, which
// library packages import without pulling in viper.
type (
	Option   = configmap.Option
	Section  = configmap.Section
	Settings = configmap.Settings
	Limit    = configmap.Limit
)

// The limits a provider option can declare (see configmap.Limit).
const (
	LimitSegments = configmap.LimitSegments
	LimitChars    = configmap.LimitChars
)

// Redacted is shown in place of a secret.
const Redacted = redact.Mark

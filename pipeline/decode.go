package pipeline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Magic numbers and byte order marks recognised at the start of a document.
var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
	utf16LE   = []byte{0xff, 0xfe}
	utf16BE   = []byte{0xfe, 0xff}
)

// decode reads a document as UTF-8 text whatever its wrapping: a gzip or
// zstd stream is decompressed (recognised by its magic number, not its
// name), and UTF-16 with a byte order mark is turned into UTF-8. Anything
// else is read as it is. close releases the decompressor.
func decode(name string, r io.Reader) (out io.Reader, close func(), err error) {
	close = func() {}
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, close, fmt.Errorf("%s: gzip: %w", name, err)
		}
		return decodeText(name, zr, func() { zr.Close() })
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, close, fmt.Errorf("%s: zstd: %w", name, err)
		}
		return decodeText(name, zr, zr.Close)
	}
	return decodeText(name, br, close)
}

// decodeText turns UTF-16 with a byte order mark into UTF-8.
func decodeText(_ string, r io.Reader, close func()) (io.Reader, func(), error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if bytes.Equal(head, utf16LE) || bytes.Equal(head, utf16BE) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec), close, nil
	}
	return br, close, nil
}

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

// decodeText turns UTF-16 with a byte order mark into UTF-8, and refuses
// UTF-16 without one, which it cannot read for sure.
func decodeText(name string, r io.Reader, close func()) (io.Reader, func(), error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(64)
	if len(head) >= 2 && (bytes.Equal(head[:2], utf16LE) || bytes.Equal(head[:2], utf16BE)) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec), close, nil
	}
	if looksUTF16(head) {
		close()
		return nil, func() {}, fmt.Errorf("%s: looks like UTF-16 without a byte order mark; save it as UTF-8, or as UTF-16 with a byte order mark", name)
	}
	return br, close, nil
}

// looksUTF16 reports whether the start of a document is UTF-16 text: in
// UTF-8 text a zero byte is rare, while in UTF-16 Latin and Devanagari
// every other byte is 0x00 or 0x09.
func looksUTF16(head []byte) bool {
	if len(head) < 8 {
		return false
	}
	var odd, even int
	for i, b := range head[:len(head)&^1] {
		if b == 0x00 || b == 0x09 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	zeros := bytes.Count(head, []byte{0})
	return zeros > 0 && (odd*4 >= half*3 || even*4 >= half*3)
}

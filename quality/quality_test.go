package quality

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFlags(t *testing.T) {
	cases := []struct {
		name   string
		hi, en string
		want   []Flag
	}{
		{"clean pair", "मैं हर सुबह पार्क में टहलने जाता हूँ।", "I go for a walk in the park every morning.", nil},
		{"numbers agree across scripts", "गाँव में १,२५० लोग रहते हैं और २०१९ में यहाँ ३ स्कूल खुले।",
			"1250 people live in the village and 3 schools opened here in 2019.", nil},
		{"decimal and separators", "कीमत 12,50,000.50 रुपये है।", "The price is Rs 1250000.5.", nil},
		{"empty english", "यह वाक्य अकेला है।", "   ", []Flag{EmptySide}},
		{"empty english, hindi has a number", "कमरे में 4 लोग हैं।", "", []Flag{EmptySide, NumberMismatch}},
		{"punctuation only hindi", "।।", "Something.", []Flag{EmptySide}},
		{"number mismatch", "बैठक 15 मई को होगी।", "The meeting will be held on 16 May.", []Flag{NumberMismatch}},
		{"number missing", "उसने 3 किताबें खरीदीं।", "She bought some books.", []Flag{NumberMismatch}},
		{"devanagari left in english", "राम ने खाना खाया।", "Ram ate खाना.", []Flag{DevanagariInTarget}},
		{"identical sides", "Hello World", "hello  world", []Flag{IdenticalSides}},
		{"identical hindi copy", "यह अनुवाद नहीं है।", "यह अनुवाद नहीं है।", []Flag{DevanagariInTarget, IdenticalSides}},
		{"english far too long", "हाँ, ठीक है।",
			"Yes, that is fine, and in addition the committee decided to postpone the vote until further notice.", []Flag{LengthRatio}},
		{"english far too short", "सरकार ने आज संसद में एक नया विधेयक पेश किया जिसमें किसानों के लिए कई योजनाएँ शामिल हैं।", "Yes.", []Flag{LengthRatio}},
		{"short pairs are not ratio-checked", "हाँ।", "Yes, indeed.", nil},
		{"number word for digits", "मेज़ पर दस किताबें और 3 कलम थे।", "There were 10 books and three pens on the table.", nil},
		{"ordinals", "यह मंदिर पंद्रहवीं शताब्दी में बना और 1850 में टूटा।", "The temple was built in the 15th century and fell in 1850.", nil},
		{"english compound number", "उसने 39 कविताएँ लिखीं।", "She wrote thirty-nine poems.", nil},
		{"number word does not excuse another value", "उसने 38 कविताएँ लिखीं।", "She wrote thirty-nine poems.", []Flag{NumberMismatch}},
	}
	for _, c := range cases {
		got := Flags(c.hi, c.en)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Flags(%q, %q) = %v, want %v", c.name, c.hi, c.en, got, c.want)
		}
	}
}

func TestCheckerDuplicates(t *testing.T) {
	c := NewChecker()
	hi, en := "दिल्ली भारत की राजधानी है।", "Delhi is the capital of India."
	if got := c.Check(hi, en); len(got) != 0 {
		t.Fatalf("first check: %v, want no flags", got)
	}
	if got := c.Check(" दिल्ली  भारत की राजधानी है। ", en); !slices.Equal(got, []Flag{DuplicatePair}) {
		t.Fatalf("repeat with extra spaces: %v, want [duplicate_pair]", got)
	}
	if got := c.Check(hi, "Delhi is India's capital."); len(got) != 0 {
		t.Fatalf("same Hindi, other English: %v, want no flags", got)
	}
	if got := c.Check("", ""); !slices.Equal(got, []Flag{EmptySide}) {
		t.Fatalf("empty pair: %v", got)
	}
	if got := c.Check("", ""); !slices.Equal(got, []Flag{EmptySide, DuplicatePair}) {
		t.Fatalf("empty pair again: %v", got)
	}
	if c.Seen() != 3 {
		t.Fatalf("Seen() = %d, want 3", c.Seen())
	}
}

func TestRepeatIsCheckWithoutFlags(t *testing.T) {
	check, repeat := NewChecker(), NewChecker()
	pairs := [][2]string{
		{"दिल्ली भारत की राजधानी है।", "Delhi is the capital of India."},
		{"उसने 5 किताबें खरीदीं।", "He bought 7 books."},
		{" दिल्ली  भारत की राजधानी है। ", "Delhi is the capital of India."},
		{"", ""},
		{"उसने 5 किताबें खरीदीं।", "He bought 7 books."},
	}
	for _, p := range pairs {
		want := check.Check(p[0], p[1])
		got := Flags(p[0], p[1])
		if repeat.Repeat(p[0], p[1]) {
			got = append(got, DuplicatePair)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Flags+Repeat(%q, %q) = %v, Check = %v", p[0], p[1], got, want)
		}
	}
	if check.Seen() != repeat.Seen() || repeat.Seen() != 3 {
		t.Fatalf("Seen: Check %d, Repeat %d, want 3", check.Seen(), repeat.Seen())
	}
}

func TestCheckerConcurrent(t *testing.T) {
	c := NewChecker()
	var wg sync.WaitGroup
	dups := make([]int, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 100 {
				hi := "वाक्य " + string(rune('क'+k%30))
				if slices.Contains(c.Check(hi, "sentence"), DuplicatePair) {
					dups[g]++
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, d := range dups {
		total += d
	}
	if c.Seen() != 30 || total != 8*100-30 {
		t.Fatalf("Seen() = %d, duplicates = %d; want 30 and %d", c.Seen(), total, 8*100-30)
	}
}

func TestNumbers(t *testing.T) {
	cases := map[string][]string{
		"$5,000 and ५,००० and 5000": {"5000"},
		"3.50 kg, 07 items, 0.5 m":  {"0.5", "3.5", "7"},
		"पहला, दूसरा":               nil,
		"1990s, 21st, 2004.":        {"1990", "2004", "21"},
		"१२.७५ प्रतिशत":             {"12.75"},
	}
	for in, want := range cases {
		if got := numbers(in); !slices.Equal(got, want) {
			t.Errorf("numbers(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestDuplicateMemoryIsBoundedAndRateHolds checks the stated rate: the
// filter's size does not depend on the input, its design false positive
// rate at DuplicateCapacity pairs is at most DuplicateFalseRate, every
// repeat is found, and new pairs checked after many others are rarely
// taken for repeats.
func TestDuplicateMemoryIsBoundedAndRateHolds(t *testing.T) {
	c := NewChecker()
	size := c.seen.NumBits()
	if rate := c.seen.FPRate(DuplicateCapacity); rate > DuplicateFalseRate*1.01 {
		t.Errorf("estimated false positive rate at capacity = %g, want <= %g", rate, DuplicateFalseRate)
	}
	if mib := float64(size) / 8 / (1 << 20); mib > 32 {
		t.Errorf("filter takes %.1f MiB, want at most 32", mib)
	}
	const n = 50_000
	for i := range n {
		if slices.Contains(c.Check(fmt.Sprintf("वाक्य %d", i), fmt.Sprintf("sentence %d", i)), DuplicatePair) {
			t.Fatalf("pair %d is new but flagged as a duplicate", i)
		}
	}
	for i := range n {
		if !slices.Contains(c.Check(fmt.Sprintf("वाक्य  %d ", i), fmt.Sprintf("sentence %d", i)), DuplicatePair) {
			t.Fatalf("repeat of pair %d not flagged", i)
		}
	}
	falsePos := 0
	for i := range n {
		if slices.Contains(c.Check(fmt.Sprintf("नया %d", i), fmt.Sprintf("new %d", i)), DuplicatePair) {
			falsePos++
		}
	}
	if falsePos > 1 {
		t.Errorf("%d of %d new pairs flagged as duplicates", falsePos, n)
	}
	if c.seen.NumBits() != size || c.Seen() != 2*n {
		t.Errorf("size %d -> %d, seen %d", size, c.seen.NumBits(), c.Seen())
	}
}

// BenchmarkCheck checks distinct news-like pairs, as the writer does.
func BenchmarkCheck(b *testing.B) {
	c := NewChecker()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		c.Check(fmt.Sprintf("दिल्ली में सरकार ने नई योजना की घोषणा की और %d लोगों को लाभ मिला।", i),
			fmt.Sprintf("In Delhi the government announced a new scheme and %d people benefited.", i))
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "pairs/s")
}

func TestFieldHelpersMatchStrings(t *testing.T) {
	for _, s := range []string{"", "  ", " a  b ", "दिल्ली\u00a0भारत\u2003की\tराजधानी\n", "x\u3000y\u200bz"} {
		if got, want := string(appendFields(nil, s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("appendFields(%q) = %q, want %q", s, got, want)
		}
		for _, o := range []string{s, strings.ToUpper(s) + " ", "a b"} {
			if got, want := equalFoldFields(s, o), strings.EqualFold(strings.Join(strings.Fields(s), " "), strings.Join(strings.Fields(o), " ")); got != want {
				t.Errorf("equalFoldFields(%q, %q) = %v, want %v", s, o, got, want)
			}
		}
	}
	// Invalid bytes count as U+FFFD, as a range over the string gives them.
	for s, want := range map[string]string{"a\xffb": "a\uFFFDb", "\xe0\xa4": "\uFFFD\uFFFD", "क \xe0\xa4x": "क \uFFFD\uFFFDx", "\xe0\x80\x80": "\uFFFD\uFFFD\uFFFD"} {
		if got := string(appendFields(nil, s)); got != want {
			t.Errorf("appendFields(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r < 0x10000; r++ {
		if utf8.ValidRune(r) {
			if got, want := string(appendFields(nil, "x"+string(r)+"y")), strings.Join(strings.Fields("x"+string(r)+"y"), " "); got != want {
				t.Fatalf("appendFields around %U = %q, want %q", r, got, want)
			}
		}
		if isSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpace(%U) = %v", r, isSpace(r))
		}
		want := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.IsSymbol(r)
		if r >= 0x0900 && r <= 0x097F && unicode.Is(unicode.Devanagari, r) && (contentChars(string(r)) == 1) != want {
			t.Errorf("contentChars(%U) = %d, want %v", r, contentChars(string(r)), want)
		}
	}
}

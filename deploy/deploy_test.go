// Package deploy holds the Kubernetes manifests and Slurm scripts that run
// anuvad as shards over a shared PostgreSQL cache; its tests check them.
package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
	k8syaml "sigs.k8s.io/yaml"

	"github.com/anuvad/anuvad/cache/storetest"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/internal/cli"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers/all"
)

// The parts of a batch/v1 Job the tests look at.
type job struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int   `yaml:"completions"`
		Parallelism          *int   `yaml:"parallelism"`
		BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
		Template             struct {
			Spec struct {
				RestartPolicy string      `yaml:"restartPolicy"`
				Containers    []container `yaml:"containers"`
				Volumes       []struct {
					Name string `yaml:"name"`
					PVC  *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type container struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			FieldRef *struct {
				FieldPath string `yaml:"fieldPath"`
			} `yaml:"fieldRef"`
			SecretKeyRef *struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

func readJob(t *testing.T, path string) job {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(false)
	var j job
	if err := dec.Decode(&j); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// Validate against the Kubernetes API's own Job type: an unknown or
	// misspelt field, or a value of the wrong type, is an error.
	var typed batchv1.Job
	if err := k8syaml.UnmarshalStrict(raw, &typed); err != nil {
		t.Fatalf("%s is not a valid batch/v1 Job: %v", path, err)
	}
	if j.APIVersion != "batch/v1" || j.Kind != "Job" {
		t.Fatalf("%s: %s %s, want a batch/v1 Job", path, j.APIVersion, j.Kind)
	}
	if n := len(j.Spec.Template.Spec.Containers); n != 1 {
		t.Fatalf("%s: %d containers, want 1", path, n)
	}
	if j.Spec.Template.Spec.RestartPolicy != "Never" {
		t.Errorf("%s: restartPolicy %q, want Never (failed pods are retried by the Job)", path, j.Spec.Template.Spec.RestartPolicy)
	}
	return j
}

// env returns a container's environment: literal values as they are,
// references as "field:PATH" or "secret:NAME/KEY".
func (c container) env() map[string]string {
	out := map[string]string{}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			out[e.Name] = e.Value
		case e.ValueFrom.FieldRef != nil:
			out[e.Name] = "field:" + e.ValueFrom.FieldRef.FieldPath
		case e.ValueFrom.SecretKeyRef != nil:
			out[e.Name] = "secret:" + e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key
		}
	}
	return out
}

// expand replaces $(VAR) references as the kubelet does, with vars.
func expand(args []string, vars map[string]string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		for k, v := range vars {
			a = strings.ReplaceAll(a, "$("+k+")", v)
		}
		out[i] = a
	}
	return out
}

// parseTranslate parses a container's arguments with anuvad's own command
// line, without running it.
func parseTranslate(t *testing.T, args []string) (cli.TranslateOptions, *cobra.Command) {
	t.Helper()
	if len(args) == 0 || args[0] != "translate" {
		t.Fatalf("args %q do not run translate", args)
	}
	var got cli.TranslateOptions
	var cmd *cobra.Command
	f := &cli.Factory{IO: cli.IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, Registry: all.Registry()}
	c := cli.NewCmdTranslate(f, func(_ context.Context, o *cli.TranslateOptions) error {
		got = *o
		return nil
	})
	cmd = c
	c.SetArgs(args[1:])
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	if err := c.Execute(); err != nil {
		t.Fatalf("anuvad %s: %v", strings.Join(args, " "), err)
	}
	return got, cmd
}

func mounts(c container) map[string]string {
	out := map[string]string{}
	for _, m := range c.VolumeMounts {
		out[m.MountPath] = m.Name
	}
	return out
}

// TestStrictDecodingCatchesMistakes shows that the API-type check of
// readJob refuses a misspelt field and a wrongly typed value.
func TestStrictDecodingCatchesMistakes(t *testing.T) {
	raw, err := os.ReadFile("kubernetes/shards.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][2]string{
		{"backoffLimitPerIndex: 3", "backoffLimitPerIndx: 3"},
		{"completions: 8", "completions: eight"},
		{"secretKeyRef:", "secretRef:"},
	} {
		var j batchv1.Job
		if err := k8syaml.UnmarshalStrict([]byte(strings.Replace(string(raw), bad[0], bad[1], 1)), &j); err == nil {
			t.Errorf("%q accepted", bad[1])
		}
	}
}

func TestKubernetesManifests(t *testing.T) {
	shards := readJob(t, "kubernetes/shards.yaml")
	finish := readJob(t, "kubernetes/finish.yaml")
	s := shards.Spec
	if s.CompletionMode != "Indexed" || s.Completions == nil || s.Parallelism == nil || s.BackoffLimitPerIndex == nil {
		t.Fatalf("shards: want an Indexed Job with completions, parallelism and backoffLimitPerIndex: %+v", s)
	}
	n := *s.Completions
	if *s.Parallelism < 1 || *s.Parallelism > n || *s.BackoffLimitPerIndex < 1 {
		t.Errorf("shards: parallelism %d, backoffLimitPerIndex %d for %d completions", *s.Parallelism, *s.BackoffLimitPerIndex, n)
	}
	sc := s.Template.Spec.Containers[0]
	fc := finish.Spec.Template.Spec.Containers[0]
	senv, fenv := sc.env(), fc.env()
	if senv["SHARDS"] != strconv.Itoa(n) {
		t.Errorf("shards: SHARDS=%q, want completions (%d)", senv["SHARDS"], n)
	}
	if senv["SHARD_INDEX"] != "field:metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("shards: SHARD_INDEX is %q, want the completion index annotation", senv["SHARD_INDEX"])
	}
	for name, e := range map[string]map[string]string{"shards": senv, "finish": fenv} {
		if !strings.HasPrefix(e["ANUVAD_CACHE_PATH"], "secret:") {
			t.Errorf("%s: the cache URL must come from a Secret, not %q", name, e["ANUVAD_CACHE_PATH"])
		}
	}
	if senv["ANUVAD_CACHE_PATH"] != fenv["ANUVAD_CACHE_PATH"] || sc.Image != fc.Image {
		t.Errorf("the finishing job must use the shards' cache and image")
	}

	// Every index parses as its own shard, with the flags anuvad has.
	var shardOpts cli.TranslateOptions
	var shardCmd *cobra.Command
	for i := range n {
		args := expand(sc.Args, map[string]string{"SHARD_INDEX": strconv.Itoa(i), "SHARDS": senv["SHARDS"]})
		shardOpts, shardCmd = parseTranslate(t, append(sc.Command, args...))
		if shardOpts.Shard != (cli.Shard{Index: i, Count: n}) {
			t.Errorf("index %d runs shard %+v", i, shardOpts.Shard)
		}
	}
	finishOpts, finishCmd := parseTranslate(t, append(fc.Command, fc.Args...))
	if finishOpts.Shard.Count != 0 {
		t.Errorf("the finishing job runs a shard: %+v", finishOpts.Shard)
	}
	if fmt.Sprint(shardOpts.Paths) != fmt.Sprint(finishOpts.Paths) {
		t.Errorf("inputs: shards %v, finish %v", shardOpts.Paths, finishOpts.Paths)
	}
	for _, flag := range []string{"out", "provider"} {
		a, b := shardCmd.Flags().Lookup(flag).Value.String(), finishCmd.Flags().Lookup(flag).Value.String()
		if a != b || !shardCmd.Flags().Changed(flag) {
			t.Errorf("--%s: shards %q, finish %q; both must set the same", flag, a, b)
		}
	}
	// Inputs and outputs are on volumes.
	for name, c := range map[string]container{"shards": sc, "finish": fc} {
		m := mounts(c)
		out := shardCmd.Flags().Lookup("out").Value.String()
		for _, p := range append([]string{out}, shardOpts.Paths...) {
			if m[p] == "" {
				t.Errorf("%s: %s is not a mounted volume (mounts %v)", name, p, m)
			}
		}
	}
}

// fakeBin writes an executable script named name into dir that records its
// arguments, one a line, and the cache URL it was given, then prints out.
func fakeBin(t *testing.T, dir, name, out string) string {
	t.Helper()
	log := filepath.Join(dir, name+".calls")
	script := fmt.Sprintf("#!/bin/sh\n{ echo \"--- cache=$ANUVAD_CACHE_PATH\"; for a in \"$@\"; do echo \"$a\"; done; } >> %q\n%s\n", log, out)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return log
}

// calls reads what a fake binary recorded: one argument list per call.
func calls(t *testing.T, log string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, line := range strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") {
		if strings.HasPrefix(line, "--- ") {
			out = append(out, []string{line})
			continue
		}
		out[len(out)-1] = append(out[len(out)-1], line)
	}
	return out
}

func runScript(t *testing.T, env []string, script string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestSlurmShardScript(t *testing.T) {
	dir := t.TempDir()
	log := fakeBin(t, dir, "anuvad", "")
	base := []string{"ANUVAD_BIN=" + filepath.Join(dir, "anuvad"), "ANUVAD_CACHE_PATH=postgres://u:pw@db/c",
		"ANUVAD_INPUT=/data/in", "ANUVAD_OUT=/data/out", "ANUVAD_ARGS=--provider openai --workers 8"}
	for _, i := range []int{0, 5, 7} {
		env := append([]string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(i), "ANUVAD_SHARDS=8"}, base...)
		if out, err := runScript(t, env, "slurm/shard.sbatch"); err != nil {
			t.Fatalf("task %d: %v\n%s", i, err, out)
		}
	}
	got := calls(t, log)
	if len(got) != 3 {
		t.Fatalf("%d calls, want 3", len(got))
	}
	for n, i := range []int{0, 5, 7} {
		want := fmt.Sprintf("--- cache=postgres://u:pw@db/c translate --shard %d/8 --out /data/out --provider openai --workers 8 /data/in", i)
		if strings.Join(got[n], " ") != want {
			t.Errorf("task %d ran\n  %s\nwant\n  %s", i, strings.Join(got[n], " "), want)
		}
		opts, _ := parseTranslate(t, got[n][1:])
		if opts.Shard != (cli.Shard{Index: i, Count: 8}) {
			t.Errorf("task %d parses as shard %+v", i, opts.Shard)
		}
	}
	for _, bad := range [][]string{
		{"SLURM_ARRAY_TASK_ID=8", "ANUVAD_SHARDS=8"},
		{"SLURM_ARRAY_TASK_ID=1"},
		{"ANUVAD_SHARDS=8"},
	} {
		env := append(append([]string{"SLURM_ARRAY_TASK_ID=", "ANUVAD_SHARDS="}, bad...), base...)
		if out, err := runScript(t, env, "slurm/shard.sbatch"); err == nil {
			t.Errorf("%v: the script ran anuvad\n%s", bad, out)
		}
	}
	if n := len(calls(t, log)); n != 3 {
		t.Errorf("bad environments still ran anuvad (%d calls)", n)
	}

	out, err := runScript(t, base, "slurm/finish.sbatch")
	if err != nil {
		t.Fatalf("finish: %v\n%s", err, out)
	}
	last := calls(t, log)[3]
	if strings.Join(last, " ") != "--- cache=postgres://u:pw@db/c translate --out /data/out --provider openai --workers 8 /data/in" {
		t.Errorf("finish ran %q", last)
	}
}

func TestSlurmSubmit(t *testing.T) {
	dir := t.TempDir()
	anuvad := fakeBin(t, dir, "anuvad", "")
	sbatch := fakeBin(t, dir, "sbatch", `if [ -f "$0.n" ]; then echo 4243; else touch "$0.n"; echo "4242;cluster"; fi`)
	env := []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "ANUVAD_CACHE_PATH=postgres://u:pw@db/c", "SLURM_ARRAY_TASK_ID=", "ANUVAD_BIN="}
	out, err := runScript(t, env, "slurm/submit.sh", "6", "/data/in", "/data/out", "--provider", "openai")
	if err != nil {
		t.Fatalf("submit: %v\n%s", err, out)
	}
	if c := calls(t, anuvad); len(c) != 1 || strings.Join(c[0][1:], " ") != "cache init" {
		t.Errorf("anuvad calls %q, want one cache init", c)
	}
	c := calls(t, sbatch)
	if len(c) != 2 {
		t.Fatalf("sbatch calls %q, want 2", c)
	}
	here, _ := filepath.Abs("slurm")
	if got := strings.Join(c[0][1:], " "); got != "--parsable --array=0-5 --export=ALL "+filepath.Join(here, "shard.sbatch") {
		t.Errorf("array submission: %s", got)
	}
	if got := strings.Join(c[1][1:], " "); got != "--parsable --dependency=afterok:4242 --export=ALL "+filepath.Join(here, "finish.sbatch") {
		t.Errorf("finishing submission: %s", got)
	}
	if !strings.Contains(out, "job array 4242") || !strings.Contains(out, "job 4243") {
		t.Errorf("submit printed:\n%s", out)
	}
	if out, err := runScript(t, env, "slurm/submit.sh", "0", "/data/in", "/data/out"); err == nil {
		t.Errorf("0 shards accepted:\n%s", out)
	}
}

// TestSlurmScriptsRunTheBinary runs the array's tasks and the finishing
// step with the real binary, as Slurm would, one after the other: the
// finishing step pays nothing. It uses the PostgreSQL test server when
// there is one, else an SQLite file.
func TestSlurmScriptsRunTheBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH to build the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "anuvad")
	if out, err := exec.Command(goTool, "build", "-o", bin, "../cmd/anuvad").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cacheURL := filepath.Join(dir, "cache.db")
	if os.Getenv(storetest.PostgresEnv) != "" {
		cacheURL = storetest.PostgresURL(t)
	}
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	var text strings.Builder
	for i := range 60 {
		fmt.Fprintf(&text, "दिल्ली में आज %d लोग आए। ", i)
	}
	if err := os.WriteFile(filepath.Join(in, "doc.txt"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	env := []string{"ANUVAD_BIN=" + bin, "ANUVAD_CACHE_PATH=" + cacheURL, "ANUVAD_INPUT=" + in, "ANUVAD_OUT=" + out,
		"ANUVAD_ARGS=--quiet", "ANUVAD_SHARDS=3", "HOME=" + dir, "XDG_CACHE_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
	paid := 0
	for i := range 3 {
		if o, err := runScript(t, append(env, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(i)), "slurm/shard.sbatch"); err != nil {
			t.Fatalf("task %d: %v\n%s", i, err, o)
		}
		s := summary(t, filepath.Join(out, fmt.Sprintf("shard-%d-of-3", i)))
		if s.Shard != fmt.Sprintf("%d/3", i) {
			t.Errorf("task %d summary says shard %q", i, s.Shard)
		}
		paid += s.UniqueSentences - s.OtherShards - s.CacheHits
	}
	if o, err := runScript(t, env, "slurm/finish.sbatch"); err != nil {
		t.Fatalf("finish: %v\n%s", err, o)
	}
	s := summary(t, out)
	if s.ProviderCalls != 0 || s.Pairs != 60 || s.CacheHits != 60 || paid != 60 {
		t.Errorf("finishing run: %d calls, %d pairs, %d hits; the shards translated %d", s.ProviderCalls, s.Pairs, s.CacheHits, paid)
	}
}

func summary(t *testing.T, dir string) corpus.Summary {
	t.Helper()
	s, err := output.ReadSummary(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

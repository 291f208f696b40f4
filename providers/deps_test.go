package providers_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibrariesFreeOfTheCLI checks that the provider packages (tests aside)
// do not depend on the command line's configuration: neither on package
// config nor on viper, cobra or pflag. Providers take plain options
// structs; configmap carries declarations and values without reading them.
// (github.com/go-viper/mapstructure/v2, which decodes settings into those
// structs, is a module of its own that does not import viper.)
func TestLibrariesFreeOfTheCLI(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; run go list -deps ./providers/... by hand")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/anuvad/anuvad/providers/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{
		"github.com/anuvad/anuvad/config",
		"github.com/anuvad/anuvad/internal/cli",
		"github.com/spf13/viper",
		"github.com/spf13/cobra",
		"github.com/spf13/pflag",
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list printed %d packages; expected the providers and their dependencies:\n%s", len(deps), out)
	}
	for _, dep := range deps {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("the provider packages depend on %s", dep)
			}
		}
	}
}

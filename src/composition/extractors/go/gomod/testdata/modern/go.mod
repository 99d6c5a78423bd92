// A module exercising most directives.
module example.com/demo

go 1.22.1

toolchain go1.22.4

godebug (
	default=go1.21
)

require github.com/spf13/cobra v1.8.0

require (
	"github.com/google/uuid" v1.6.0 // pinned for the API
	golang.org/x/net v0.23.0
	github.com/old/lib v1.0.0
	github.com/local/thing v0.1.0
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	golang.org/x/sys v0.18.0 // indirect; needed by x/net
	github.com/bad/version v1.2.0 // indirect
)

replace github.com/old/lib => github.com/new/lib v1.1.0

replace github.com/local/thing v0.1.0 => ../thing

exclude github.com/bad/version v1.2.0

retract [v0.9.0, v0.9.5] // broken releases

tool golang.org/x/tools/cmd/stringer

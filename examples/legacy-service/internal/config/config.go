// Package config reads the service settings. Values come from built-in
// defaults, then from an optional KEY=VALUE file that operators keep next to
// the binary, then from LEGACY_* environment variables, which win.
package config

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// envPrefix marks the environment variables this service cares about.
const envPrefix = "LEGACY_"

// Config is everything the server needs to start.
type Config struct {
	Addr            string
	DatabaseDriver  string
	DatabaseDSN     string
	GatewayURL      string
	GatewayKey      string
	Workers         int
	InvoiceInterval time.Duration
	Debug           bool
}

// Default returns the settings used for a local run with nothing configured.
func Default() Config {
	return Config{
		Addr:            ":8080",
		DatabaseDriver:  "postgres",
		GatewayURL:      "http://localhost:9090",
		Workers:         4,
		InvoiceInterval: time.Minute,
	}
}

// Load builds the configuration. An empty path skips the file.
func Load(path string) (Config, error) {
	cfg := Default()
	if path != "" {
		values, err := readEnvFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config: reading %s: %v", path, err)
		}
		apply(&cfg, values)
	}
	apply(&cfg, fromEnviron())

	if cfg.Workers <= 0 {
		return cfg, fmt.Errorf("config: worker count must be positive, got %d", cfg.Workers)
	}
	return cfg, nil
}

// readEnvFile parses a file of KEY=VALUE lines. Blank lines and lines
// starting with # are skipped; values may be wrapped in double quotes.
func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	values := make(map[string]string)
	r := bufio.NewReader(f)
	for lineNo := 1; ; lineNo++ {
		line, err := r.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			key, value, found := strings.Cut(line, "=")
			if !found {
				return nil, fmt.Errorf("line %d: expected KEY=VALUE, got %q", lineNo, line)
			}
			values[strings.TrimSpace(key)] = strings.Trim(strings.TrimSpace(value), `"`)
		}
		if err == io.EOF {
			break
		}
	}
	return values, nil
}

// fromEnviron collects LEGACY_* variables with the prefix stripped.
func fromEnviron() map[string]string {
	values := make(map[string]string)
	for _, kv := range os.Environ() {
		key, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(key, envPrefix) {
			values[strings.TrimPrefix(key, envPrefix)] = value
		}
	}
	return values
}

// apply copies the recognised keys into cfg. Unknown keys are ignored so
// that one file can be shared with other tools.
func apply(cfg *Config, values map[string]string) {
	for key, value := range values {
		switch key {
		case "ADDR":
			cfg.Addr = value
		case "DATABASE_DRIVER":
			cfg.DatabaseDriver = value
		case "DATABASE_DSN":
			cfg.DatabaseDSN = value
		case "GATEWAY_URL":
			cfg.GatewayURL = value
		case "GATEWAY_KEY":
			cfg.GatewayKey = value
		case "WORKERS":
			n, _ := strconv.Atoi(value)
			cfg.Workers = n
		case "INVOICE_INTERVAL":
			if d, err := time.ParseDuration(value); err == nil {
				cfg.InvoiceInterval = d
			}
		case "DEBUG":
			cfg.Debug = value == "1" || strings.EqualFold(value, "true")
		}
	}
}

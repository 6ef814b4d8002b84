// Command server runs the legacy billing service: the HTTP API plus the
// background billing loop.
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"example.com/legacy-service/internal/api"
	"example.com/legacy-service/internal/billing"
	"example.com/legacy-service/internal/config"
	"example.com/legacy-service/internal/payments"
	"example.com/legacy-service/internal/store"
	"example.com/legacy-service/internal/worker"
)

func main() {
	configPath := flag.String("config", "", "path to a KEY=VALUE settings file")
	flag.Parse()

	cfg, err := config.Load(*configPath)
	if err != nil {
		log.Fatalf("loading configuration: %v", err)
	}
	if cfg.Debug {
		log.SetFlags(log.LstdFlags | log.Lshortfile)
	}

	var users store.IUserStore
	if cfg.DatabaseDSN != "" {
		if err := store.Open(cfg.DatabaseDriver, cfg.DatabaseDSN); err != nil {
			log.Fatalf("opening database: %v", err)
		}
		users = store.NewSQL()
	} else {
		log.Println("no database configured, using the in-memory store")
		users = store.NewMemory()
		seedDemoUsers(users)
	}

	gateway := payments.NewClient(cfg.GatewayURL, cfg.GatewayKey)
	charger := billing.NewCharger(users, gateway)

	startup, cancelStartup := context.WithTimeout(context.Background(), 10*time.Second)
	err = worker.RunJobs(startup, map[string]worker.Job{
		"gateway": worker.WaitForGateway(gateway),
		"warm-up": worker.WarmUp(users),
	})
	cancelStartup()
	if err != nil {
		log.Printf("start-up checks failed, continuing anyway: %v", err)
	}

	runner := worker.New(context.Background(), users, charger, cfg.InvoiceInterval, cfg.Workers)
	runner.Start()

	srv := &http.Server{
		Addr:    cfg.Addr,
		Handler: api.NewServer(users, charger).Routes(),
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	go func() {
		<-stop
		log.Println("shutting down")
		runner.Stop()
		charged, failed := runner.Stats()
		log.Printf("billing: %d charged, %d failed", charged, failed)
		srv.Close()
	}()

	log.Printf("listening on %s", cfg.Addr)
	log.Fatal(srv.ListenAndServe())
}

// seedDemoUsers fills the in-memory store so a local run has data to bill.
func seedDemoUsers(users store.IUserStore) {
	demo := []*store.UserData{
		{ID: "u-1001", Email: "ada@example.com", Name: "Ada", Plan: "pro", Active: true},
		{ID: "u-1002", Email: "grace@example.com", Name: "Grace", Plan: "team", Active: true},
		{ID: "u-1003", Email: "linus@example.com", Name: "Linus", Plan: "free", Active: true},
		{ID: "u-1004", Email: "ken@example.com", Name: "Ken", Plan: "starter", Active: false},
	}
	for _, u := range demo {
		u.CreatedAt = time.Now().UTC()
		if err := users.CreateUser(context.Background(), u); err != nil {
			log.Printf("seeding %s: %v", u.ID, err)
		}
	}
}

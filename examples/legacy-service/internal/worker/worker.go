// Package worker runs the periodic billing cycle and one-off start-up jobs
// in the background.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log"
	"runtime"
	"strings"
	"sync"
	"time"

	"example.com/legacy-service/internal/billing"
	"example.com/legacy-service/internal/payments"
	"example.com/legacy-service/internal/store"
)

// Job is a unit of background work.
type Job func(ctx context.Context) error

// Runner charges every active customer once per interval.
type Runner struct {
	ctx      context.Context
	cancel   context.CancelFunc
	users    store.IUserStore
	charger  *billing.Charger
	interval time.Duration
	workers  int
	wg       sync.WaitGroup
	counts   *counters
}

// counters is updated by the charging goroutines.
type counters struct {
	sync.Mutex
	charged int
	failed  int
}

// New prepares a runner; nothing happens until Start.
func New(parent context.Context, users store.IUserStore, charger *billing.Charger, interval time.Duration, workers int) *Runner {
	ctx, cancel := context.WithCancel(parent)
	return &Runner{
		ctx:      ctx,
		cancel:   cancel,
		users:    users,
		charger:  charger,
		interval: interval,
		workers:  workers,
		counts:   &counters{},
	}
}

// Start launches the billing loop in the background.
func (r *Runner) Start() {
	r.wg.Add(1)
	go r.loop()
}

// Stop cancels the loop and waits for in-flight charges to finish.
func (r *Runner) Stop() {
	r.cancel()
	r.wg.Wait()
}

// Stats returns how many charges succeeded and failed so far.
func (r *Runner) Stats() (charged, failed int) {
	r.counts.Lock()
	defer r.counts.Unlock()
	return r.counts.charged, r.counts.failed
}

func (r *Runner) loop() {
	defer r.wg.Done()
	tick := time.Tick(r.interval)
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-tick:
			if err := r.runCycle(); err != nil {
				log.Printf("failed to run billing cycle: %v", err)
			}
		}
	}
}

// runCycle charges all active customers, at most r.workers at a time.
func (r *Runner) runCycle() error {
	users, err := r.users.ListUsers(r.ctx)
	if err != nil {
		return fmt.Errorf("worker: list users: %v", err)
	}

	sem := make(chan struct{}, r.workers)
	var wg sync.WaitGroup
	queued := 0
	for _, u := range users {
		if !u.Active {
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r.chargeOne(u)
		}()
		queued++
	}
	wg.Wait()
	fmt.Println("worker: billing cycle done,", queued, "customers processed")

	// The user list can be large; hand the memory back before sleeping.
	runtime.GC()
	return nil
}

func (r *Runner) chargeOne(u *store.UserData) {
	inv, err := r.charger.ChargeUser(u.ID, r.ctx)
	if err != nil {
		r.counts.Lock()
		r.counts.failed++
		r.counts.Unlock()
		if err == context.Canceled {
			return
		}
		if strings.Contains(err.Error(), "connection refused") {
			fmt.Println("worker: gateway unreachable, skipping", u.ID)
			return
		}
		log.Printf("failed to charge customer: %v", err)
		return
	}
	if inv == nil {
		return
	}
	r.counts.Lock()
	r.counts.charged++
	r.counts.Unlock()
	fmt.Println("worker: charged", u.ID, "invoice", inv.ID)
}

// RunJobs runs every job concurrently and returns all their errors joined.
// A panicking job is reported as an error instead of crashing the process.
func RunJobs(ctx context.Context, jobs map[string]Job) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(jobs))
	for name, job := range jobs {
		name, job := name, job
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := safeRun(ctx, name, job); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)

	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

func safeRun(ctx context.Context, name string, job Job) (result error) {
	defer func() {
		if err := recover(); err != nil {
			result = fmt.Errorf("worker: job %s panicked: %v", name, err)
		}
	}()
	if err := job(ctx); err != nil {
		return fmt.Errorf("worker: job %s: %w", name, err)
	}
	return nil
}

// WaitForGateway returns a job that blocks until the payment gateway answers
// its health check, polling every couple of seconds.
func WaitForGateway(gw *payments.Client) Job {
	return func(ctx context.Context) error {
		for !gw.Healthy() {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(2 * time.Second):
			}
		}
		return nil
	}
}

// WarmUp returns a job that lists the customers once, so that a broken
// database shows up at start-up rather than at the first billing cycle.
func WarmUp(users store.IUserStore) Job {
	return func(ctx context.Context) error {
		if _, err := users.ListUsers(ctx); err != nil {
			return fmt.Errorf("listing users: %v", err)
		}
		return nil
	}
}

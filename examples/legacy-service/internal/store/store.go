// Package store persists customers and their invoices. NewMemory gives a
// map-backed store for tests and local runs; NewSQL uses the shared pool
// opened by Open.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrorNotFound means the requested record does not exist.
var ErrorNotFound = errors.New("store: record not found")

// ErrConflict means a record with the same key is already stored.
var ErrConflict = errors.New("store: record already exists")

// NotFoundError says which record was missing. It also matches ErrorNotFound
// so callers may test for either one.
type NotFoundError struct {
	Kind string
	ID   string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("store: %s %q not found", e.Kind, e.ID)
}

// Is reports whether target is the generic not-found sentinel.
func (e *NotFoundError) Is(target error) bool {
	return target == ErrorNotFound
}

// UserData is one customer account.
type UserData struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Plan      string    `json:"plan"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Invoice records one successful charge.
type Invoice struct {
	ID          string    `json:"id"`
	UserID      string    `json:"user_id"`
	AmountCents int64     `json:"amount_cents"`
	GatewayRef  string    `json:"gateway_ref"`
	IssuedAt    time.Time `json:"issued_at"`
}

// IUserStore is the persistence surface the rest of the service relies on.
type IUserStore interface {
	GetUser(ctx context.Context, id string) (*UserData, error)
	CreateUser(ctx context.Context, u *UserData) error
	ListUsers(ctx context.Context) ([]*UserData, error)
	SaveInvoice(ctx context.Context, inv *Invoice) error
}

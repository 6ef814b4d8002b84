package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// db is the connection pool shared by every sqlStore. Open sets it.
var db *sql.DB

// schema is applied in order on every start; each statement is idempotent.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL, plan TEXT NOT NULL, active BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS invoices (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
		amount_cents BIGINT NOT NULL, gateway_ref TEXT NOT NULL, issued_at TIMESTAMP NOT NULL)`,
}

// Open connects the shared pool and brings the schema up to date. The
// caller registers the driver with a blank import.
func Open(driver, dsn string) error {
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		return fmt.Errorf("store: open %s: %v", driver, err)
	}
	conn.SetMaxOpenConns(10)
	conn.SetConnMaxIdleTime(5 * time.Minute)
	if err := conn.Ping(); err != nil {
		conn.Close()
		return fmt.Errorf("store: ping: %v", err)
	}
	db = conn
	return migrate()
}

// migrate creates missing tables. A failing statement means the database is
// unusable, so it stops the process.
func migrate() error {
	for _, stmt := range schema {
		_, err := db.Exec(stmt)
		if err != nil {
			panic(err)
		}
	}
	return nil
}

type sqlStore struct{}

// NewSQL returns a store backed by the pool opened with Open.
func NewSQL() IUserStore {
	return sqlStore{}
}

func (sqlStore) GetUser(ctx context.Context, id string) (*UserData, error) {
	row := db.QueryRowContext(ctx,
		`SELECT id, email, name, plan, active, created_at FROM users WHERE id = $1`, id)
	var u UserData
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Plan, &u.Active, &u.CreatedAt)
	if err == sql.ErrNoRows {
		return nil, &NotFoundError{Kind: "user", ID: id}
	}
	if err != nil {
		return nil, fmt.Errorf("store: get user %s: %v", id, err)
	}
	return &u, nil
}

func (sqlStore) CreateUser(ctx context.Context, u *UserData) error {
	_, err := db.ExecContext(ctx,
		`INSERT INTO users (id, email, name, plan, active, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		u.ID, u.Email, u.Name, u.Plan, u.Active, u.CreatedAt)
	if err != nil && strings.Contains(err.Error(), "duplicate key") {
		return ErrConflict
	}
	return err
}

func (sqlStore) ListUsers(ctx context.Context) ([]*UserData, error) {
	rows, err := db.QueryContext(ctx,
		`SELECT id, email, name, plan, active, created_at FROM users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %v", err)
	}
	defer rows.Close()

	var out []*UserData
	for rows.Next() {
		var u UserData
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Plan, &u.Active, &u.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &u)
	}
	return out, rows.Err()
}

func (sqlStore) SaveInvoice(ctx context.Context, inv *Invoice) error {
	_, err := db.ExecContext(ctx,
		`INSERT INTO invoices (id, user_id, amount_cents, gateway_ref, issued_at) VALUES ($1, $2, $3, $4, $5)`,
		inv.ID, inv.UserID, inv.AmountCents, inv.GatewayRef, inv.IssuedAt)
	if err != nil {
		return fmt.Errorf("store: save invoice %s: %w", inv.ID, err)
	}
	return nil
}

// ExportInvoices writes the invoices of the given users as CSV, one query
// per user, for the monthly accounting hand-off.
func ExportInvoices(ctx context.Context, userIDs []string, w io.Writer) error {
	out := csv.NewWriter(w)
	if err := out.Write([]string{"invoice", "user", "amount_cents", "issued_at"}); err != nil {
		return err
	}
	for _, id := range userIDs {
		rows, err := db.QueryContext(ctx,
			`SELECT id, amount_cents, issued_at FROM invoices WHERE user_id = $1`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var invoiceID string
			var amount int64
			var issued time.Time
			if err := rows.Scan(&invoiceID, &amount, &issued); err != nil {
				return err
			}
			record := []string{invoiceID, id, strconv.FormatInt(amount, 10), issued.Format(time.RFC3339)}
			if err := out.Write(record); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func mustCreate(t *testing.T, s IUserStore, u *UserData) {
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("creating %s: %v", u.ID, err)
	}
}

func newUser(id string) *UserData {
	return &UserData{ID: id, Email: id + "@example.com", Name: id, Plan: "pro", Active: true, CreatedAt: time.Now()}
}

func TestGetUserReturnsCopy(t *testing.T) {
	s := NewMemory()
	mustCreate(t, s, newUser("a"))

	got, err := s.GetUser(context.Background(), "a")
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	got.Name = "changed"

	again, _ := s.GetUser(context.Background(), "a")
	if again.Name != "a" {
		t.Errorf("stored user was modified through a returned copy: name %q", again.Name)
	}
}

func TestGetUserMissing(t *testing.T) {
	s := NewMemory()
	_, err := s.GetUser(context.Background(), "nobody")

	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("want *NotFoundError, got %v", err)
	}
	if nf.ID != "nobody" {
		t.Errorf("NotFoundError.ID = %q, want %q", nf.ID, "nobody")
	}
	if !errors.Is(err, ErrorNotFound) {
		t.Errorf("errors.Is(%v, ErrorNotFound) = false", err)
	}
}

func TestCreateUserConflict(t *testing.T) {
	s := NewMemory()
	mustCreate(t, s, newUser("a"))
	if err := s.CreateUser(context.Background(), newUser("a")); err != ErrConflict {
		t.Fatalf("second create: got %v, want ErrConflict", err)
	}
}

func TestListUsersSorted(t *testing.T) {
	s := NewMemory()
	for _, id := range []string{"c", "a", "b"} {
		mustCreate(t, s, newUser(id))
	}
	users, err := s.ListUsers(context.Background())
	if err != nil {
		t.Fatalf("ListUsers: %v", err)
	}
	var ids string
	for _, u := range users {
		ids += u.ID
	}
	if ids != "abc" {
		t.Errorf("ListUsers order = %q, want %q", ids, "abc")
	}
}

func TestInvoicesNeedAUser(t *testing.T) {
	s := NewMemory()
	err := s.SaveInvoice(context.Background(), &Invoice{ID: "i1", UserID: "ghost", AmountCents: 100})
	if !errors.Is(err, ErrorNotFound) {
		t.Fatalf("SaveInvoice for unknown user: got %v, want not found", err)
	}

	mustCreate(t, s, newUser("a"))
	if err := s.SaveInvoice(context.Background(), &Invoice{ID: "i2", UserID: "a", AmountCents: 100}); err != nil {
		t.Fatalf("SaveInvoice: %v", err)
	}
	if got := len(s.(*memoryStore).invoices["a"]); got != 1 {
		t.Fatalf("user a has %d invoices, want 1", got)
	}
}

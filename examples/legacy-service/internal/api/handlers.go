// Package api exposes customers and billing over HTTP/JSON.
package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"example.com/legacy-service/internal/billing"
	"example.com/legacy-service/internal/store"
)

// maxBody caps request bodies at 1 MiB.
const maxBody = 1 << 20

// Server holds the dependencies of the HTTP handlers.
type Server struct {
	users   store.IUserStore
	charger *billing.Charger
}

// NewServer returns handlers backed by users and charger.
func NewServer(users store.IUserStore, charger *billing.Charger) *Server {
	return &Server{users: users, charger: charger}
}

// Routes returns the complete handler tree, middleware included.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/users", s.handleUsers)
	mux.HandleFunc("/users/", s.handleUser)
	return withRecovery(withRequestID(mux))
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		users, err := s.users.ListUsers(r.Context())
		if err != nil {
			httpError(w, r, http.StatusInternalServerError, "could not list users")
			return
		}
		writeJSON(w, http.StatusOK, users)
	case http.MethodPost:
		s.createUser(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		httpError(w, r, http.StatusMethodNotAllowed, "method not allowed")
	}
}

// handleUser serves /users/{id} and /users/{id}/charge.
func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/users/"), "/")
	id, action, _ := strings.Cut(rest, "/")
	if id == "" {
		httpError(w, r, http.StatusNotFound, "no user id")
		return
	}
	switch {
	case action == "" && r.Method == http.MethodGet:
		s.getUser(w, r, id)
	case action == "charge" && r.Method == http.MethodPost:
		s.chargeUser(w, r, id)
	default:
		httpError(w, r, http.StatusNotFound, "no such route")
	}
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		httpError(w, r, http.StatusBadRequest, "could not read body")
		return
	}
	var u store.UserData
	_ = json.Unmarshal(body, &u)
	if u.Email == "" || u.Name == "" {
		httpError(w, r, http.StatusBadRequest, "name and email are required")
		return
	}
	if u.Plan == "" {
		u.Plan = "free"
	}
	u.ID = newID()
	u.Active = true
	u.CreatedAt = time.Now().UTC()

	err = s.users.CreateUser(r.Context(), &u)
	switch err {
	case nil:
		fmt.Println("api: created user", u.ID, "request", requestID(r.Context()))
		writeJSON(w, http.StatusCreated, u)
	case store.ErrConflict:
		httpError(w, r, http.StatusConflict, "user already exists")
	default:
		log.Printf("failed to create user: %v", err)
		httpError(w, r, http.StatusInternalServerError, "could not create user")
	}
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, id string) {
	// A slow store must not hold the request forever.
	ctx, _ := context.WithTimeout(r.Context(), 3*time.Second)
	u, err := s.users.GetUser(ctx, id)
	if err == store.ErrorNotFound {
		httpError(w, r, http.StatusNotFound, "user not found")
		return
	}
	if e, ok := err.(*store.NotFoundError); ok {
		httpError(w, r, http.StatusNotFound, e.Kind+" not found")
		return
	}
	if err != nil {
		httpError(w, r, http.StatusInternalServerError, "could not load user")
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) chargeUser(w http.ResponseWriter, r *http.Request, id string) {
	inv, err := s.charger.ChargeUser(id, r.Context())
	if err == nil {
		if inv == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusCreated, inv)
		return
	}

	if rej, ok := err.(*billing.Rejection); ok {
		httpError(w, r, http.StatusPaymentRequired, rej.Reason)
		return
	}
	switch err {
	case store.ErrorNotFound:
		httpError(w, r, http.StatusNotFound, "user not found")
	case context.Canceled, context.DeadlineExceeded:
		httpError(w, r, http.StatusGatewayTimeout, "charge timed out")
	default:
		if err.Error() == "billing: amount must be positive" {
			httpError(w, r, http.StatusUnprocessableEntity, "nothing to charge")
			return
		}
		if strings.Contains(err.Error(), "connection refused") {
			httpError(w, r, http.StatusServiceUnavailable, "payment gateway unavailable")
			return
		}
		log.Printf("failed to charge user: %v", err)
		httpError(w, r, http.StatusBadGateway, "charge failed")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("failed to encode response: %v", err)
	}
}

func httpError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeJSON(w, status, map[string]string{
		"error":      msg,
		"request_id": requestID(r.Context()),
	})
}

package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log"
	"net/http"
)

// withRequestID tags each request with an id, taken from the X-Request-ID
// header when the load balancer set one.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if id == "" {
			id = newID()
		}
		ctx := context.WithValue(r.Context(), "requestID", id)
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requestID returns the id stored by withRequestID, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value("requestID").(string)
	return id
}

// withRecovery turns a panicking handler into a 500 instead of a dropped
// connection.
func withRecovery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				log.Printf("panic serving %s %s: %v", r.Method, r.URL.Path, rec)
				httpError(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// newID returns 16 random hex characters.
func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

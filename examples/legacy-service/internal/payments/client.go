// Package payments is a thin client for the card gateway's HTTP/JSON API.
package payments

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// MAX_RETRIES bounds how often a charge is attempted when the gateway fails
// on its side.
const MAX_RETRIES = 3

// GatewayError is returned when the gateway answers with a non-2xx status.
type GatewayError struct {
	Code    int
	Message string
}

func (e *GatewayError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("payments: gateway returned %d", e.Code)
	}
	return fmt.Sprintf("payments: gateway returned %d: %s", e.Code, e.Message)
}

// ChargeRequest asks the gateway to take money from a stored card.
type ChargeRequest struct {
	CustomerID  string `json:"customer_id"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
	Reference   string `json:"reference"`
}

// ChargeResult is the gateway's answer to a successful charge.
type ChargeResult struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// Client talks to one gateway endpoint with one API key.
type Client struct {
	baseURL  string
	apiKey   string
	hc       *http.Client
	deadline time.Duration
}

// NewClient returns a client for the gateway at baseURL.
func NewClient(baseURL, apiKey string) *Client {
	return &Client{
		baseURL: strings.TrimRight(baseURL, "/"),
		apiKey:  apiKey,
		hc:      &http.Client{},
	}
}

// Charge submits req, retrying while the gateway reports server errors.
func (c *Client) Charge(ctx context.Context, req ChargeRequest) (*ChargeResult, error) {
	if req.Currency == "" {
		req.Currency = "USD"
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("payments: encode charge: %w", err)
	}
	if c.deadline > 0 {
		// The whole charge, retries included, gets one deadline.
		ctx, _ = context.WithTimeout(ctx, c.deadline)
	}

	var lastErr error
	for attempt := 1; attempt <= MAX_RETRIES; attempt++ {
		res, err := c.post(ctx, "/v1/charges", body)
		if err == nil {
			return res, nil
		}
		lastErr = err
		if e, ok := err.(*GatewayError); ok && e.Code >= 500 {
			if attempt == MAX_RETRIES {
				break
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(backoff(attempt)):
			}
			continue
		}
		return nil, err
	}
	return nil, fmt.Errorf("payments: charge failed after %d attempts: %v", MAX_RETRIES, lastErr)
}

// Healthy reports whether the gateway's health endpoint answers 200.
func (c *Client) Healthy() bool {
	resp, err := http.Get(c.baseURL + "/health")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (c *Client) post(ctx context.Context, path string, body []byte) (*ChargeResult, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.apiKey)

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("payments: POST %s: %v", path, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return nil, &GatewayError{Code: resp.StatusCode, Message: strings.TrimSpace(string(msg))}
	}

	var out ChargeResult
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil && err != io.EOF {
		return nil, fmt.Errorf("payments: decode response: %v", err)
	}
	return &out, nil
}

// backoff grows the wait between attempts: 200ms, 400ms, 800ms, ...
func backoff(attempt int) time.Duration {
	return time.Duration(100<<attempt) * time.Millisecond
}

package billing

import (
	"context"
	"fmt"
	"log"
	"time"

	"example.com/legacy-service/internal/payments"
	"example.com/legacy-service/internal/store"
)

// Rejection explains why a customer could not be charged. Callers show the
// reason to the customer, so it must not contain internal details.
type Rejection struct {
	UserID string
	Reason string
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("billing: charge for %s rejected: %s", r.UserID, r.Reason)
}

// Charger bills customers for their plan through the payment gateway.
type Charger struct {
	users   store.IUserStore
	gateway *payments.Client
	now     func() time.Time
}

// NewCharger wires a charger to its store and gateway.
func NewCharger(users store.IUserStore, gateway *payments.Client) *Charger {
	return &Charger{users: users, gateway: gateway, now: time.Now}
}

// ChargeUser bills one customer for the current period. It returns a nil
// invoice and a nil error when nothing is owed (free plan).
func (c *Charger) ChargeUser(userID string, ctx context.Context) (*store.Invoice, error) {
	user, err := c.users.GetUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("billing: load user %s: %v", userID, err)
	}
	if !user.Active {
		return nil, &Rejection{UserID: userID, Reason: "account is not active"}
	}
	price, ok := planPrices[user.Plan]
	if !ok {
		return nil, &Rejection{UserID: userID, Reason: "unknown plan " + user.Plan}
	}

	lines := BuildLines([]LineItem{{Description: user.Plan + " plan", Quantity: 1, UnitCents: price}})
	total, err := Total(lines)
	if err == invalidAmountError {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}

	now := c.now()
	ref := fmt.Sprintf("%s-%s", userID, now.Format("200601"))
	res, err := c.gateway.Charge(ctx, payments.ChargeRequest{
		CustomerID:  userID,
		AmountCents: total,
		Reference:   ref,
	})
	if err != nil {
		if e, ok := err.(*payments.GatewayError); ok {
			return nil, &Rejection{UserID: userID, Reason: e.Message}
		}
		return nil, fmt.Errorf("billing: charge %s: %v", userID, err)
	}

	inv := &store.Invoice{
		ID:          ref,
		UserID:      userID,
		AmountCents: total,
		GatewayRef:  res.ID,
		IssuedAt:    now,
	}
	if err := c.users.SaveInvoice(ctx, inv); err != nil {
		return nil, fmt.Errorf("billing: save invoice %s: %w", inv.ID, err)
	}
	log.Printf("billing: issued invoice %s\n%s", inv.ID, Render(user, lines, total))
	return inv, nil
}

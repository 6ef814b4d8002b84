// Package billing turns a customer's plan into an invoice and charges it.
package billing

import (
	"errors"
	"fmt"

	"example.com/legacy-service/internal/store"
)

// invalidAmountError is returned when an invoice would charge nothing, or
// when a line carries a negative amount.
var invalidAmountError = errors.New("billing: amount must be positive")

// planPrices holds the monthly price of each plan in cents.
var planPrices = map[string]int64{
	"free":    0,
	"starter": 900,
	"pro":     2900,
	"team":    9900,
}

// LineItem is something the customer is billed for.
type LineItem struct {
	Description string
	Quantity    int
	UnitCents   int64
}

// Line is a rendered invoice line with its total.
type Line struct {
	Text       string
	TotalCents int64
}

// BuildLines prices each item.
func BuildLines(items []LineItem) []Line {
	var out []Line
	for _, it := range items {
		out = append(out, Line{
			Text:       fmt.Sprintf("%d x %s", it.Quantity, it.Description),
			TotalCents: int64(it.Quantity) * it.UnitCents,
		})
	}
	return out
}

// Total adds the lines up. It fails on a negative line or a zero sum.
func Total(lines []Line) (int64, error) {
	var sum int64
	for _, l := range lines {
		if l.TotalCents < 0 {
			return 0, invalidAmountError
		}
		sum += l.TotalCents
	}
	if sum == 0 {
		return 0, invalidAmountError
	}
	return sum, nil
}

// Render produces the plain-text body of the invoice e-mail.
func Render(user *store.UserData, lines []Line, total int64) string {
	text := fmt.Sprintf("Invoice for %s <%s>\n\n", user.Name, user.Email)
	for _, l := range lines {
		text += fmt.Sprintf("  %-32s %10s\n", l.Text, formatCents(l.TotalCents))
	}
	text += fmt.Sprintf("\n  %-32s %10s\n", "Total", formatCents(total))
	return text
}

func formatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	return fmt.Sprintf("%s$%d.%02d", sign, c/100, c%100)
}

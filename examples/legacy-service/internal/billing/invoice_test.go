package billing

import (
	"errors"
	"strings"
	"testing"

	"example.com/legacy-service/internal/store"
)

func TestTotal(t *testing.T) {
	tests := []struct {
		name    string
		items   []LineItem
		want    int64
		wantErr error
	}{
		{name: "single plan", items: []LineItem{{Description: "pro", Quantity: 1, UnitCents: 2900}}, want: 2900},
		{name: "seats", items: []LineItem{{Description: "seat", Quantity: 3, UnitCents: 500}, {Description: "base", Quantity: 1, UnitCents: 900}}, want: 2400},
		{name: "free plan", items: []LineItem{{Description: "free", Quantity: 1}}, wantErr: invalidAmountError},
		{name: "credit line", items: []LineItem{{Description: "refund", Quantity: 1, UnitCents: -100}}, wantErr: invalidAmountError},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Total(BuildLines(tc.items))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Total error = %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("Total = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestRender(t *testing.T) {
	user := &store.UserData{Name: "Ada", Email: "ada@example.com"}
	lines := BuildLines([]LineItem{{Description: "pro plan", Quantity: 1, UnitCents: 2900}})
	text := Render(user, lines, 2900)

	for _, want := range []string{"Invoice for Ada <ada@example.com>", "1 x pro plan", "$29.00", "Total"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered invoice lacks %q:\n%s", want, text)
		}
	}
}

func TestFormatCents(t *testing.T) {
	cases := map[int64]string{0: "$0.00", 5: "$0.05", 1999: "$19.99", -250: "-$2.50"}
	for in, want := range cases {
		if got := formatCents(in); got != want {
			t.Errorf("formatCents(%d) = %q, want %q", in, got, want)
		}
	}
}

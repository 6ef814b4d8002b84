package store

import (
	"context"
	"sort"
	"sync"
)

// memoryStore keeps everything in maps guarded by one lock. Records are
// copied on the way in and out so callers cannot mutate shared state.
type memoryStore struct {
	sync.Mutex
	users    map[string]*UserData
	invoices map[string][]*Invoice
}

// NewMemory returns an empty in-process store.
func NewMemory() IUserStore {
	return &memoryStore{
		users:    make(map[string]*UserData),
		invoices: make(map[string][]*Invoice),
	}
}

func (m *memoryStore) GetUser(ctx context.Context, id string) (*UserData, error) {
	m.Lock()
	defer m.Unlock()
	u, ok := m.users[id]
	if !ok {
		return nil, &NotFoundError{Kind: "user", ID: id}
	}
	clone := *u
	return &clone, nil
}

func (m *memoryStore) CreateUser(ctx context.Context, u *UserData) error {
	m.Lock()
	defer m.Unlock()
	if _, exists := m.users[u.ID]; exists {
		return ErrConflict
	}
	clone := *u
	m.users[u.ID] = &clone
	return nil
}

func (m *memoryStore) ListUsers(ctx context.Context) ([]*UserData, error) {
	m.Lock()
	defer m.Unlock()
	ids := make([]string, 0, len(m.users))
	for id := range m.users {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	var out []*UserData
	for _, id := range ids {
		out = append(out, m.users[id])
	}
	return out, nil
}

func (m *memoryStore) SaveInvoice(ctx context.Context, inv *Invoice) error {
	m.Lock()
	defer m.Unlock()
	if _, ok := m.users[inv.UserID]; !ok {
		return &NotFoundError{Kind: "user", ID: inv.UserID}
	}
	clone := *inv
	m.invoices[inv.UserID] = append(m.invoices[inv.UserID], &clone)
	return nil
}

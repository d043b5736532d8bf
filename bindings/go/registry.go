package paycode

/*
#include "paycode.h"
*/
import "C"

import (
	"runtime"
	"sync"
)

// Registry is a run-time registry: the issuers of a document of spec/registry.json's shape,
// which attribute codes in place of the built-in tables' (spec/registry.md, Run-time
// registries), so that a service follows a registry update without a new release. It changes
// who a code belongs to (Issuers, candidates, issuer fields), never what reads.
//
// A Registry is safe for concurrent use. Close waits for the calls under way and frees the
// native registry; later calls return an error. One never closed is freed when collected.
type Registry struct {
	mu     sync.RWMutex
	handle *C.PaycodeRegistry
}

// LoadRegistry loads a registry document (the registry's own spec/registry.json loads as it
// is; an issuer with a built-in ID replaces that issuer's facts). A refused document is an
// *Error with an empty Rule, Location "registry", and a Message saying what and where.
func LoadRegistry(doc string) (*Registry, error) {
	in := []byte(doc)
	var h *C.PaycodeRegistry
	r, err := call(256, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.paycode_registry_load(ptr(in), C.size_t(len(in)), &h, o, l, w)
	})
	if _, err := orError(r, err); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, &Error{Status: statusOK, Message: "no registry handle (a bug)"}
	}
	reg := &Registry{handle: h}
	runtime.SetFinalizer(reg, (*Registry).Close)
	return reg, nil
}

// enter holds the registry for a call; the caller releases it with r.mu.RUnlock.
func (r *Registry) enter() (*C.PaycodeRegistry, error) {
	r.mu.RLock()
	if r.handle == nil {
		r.mu.RUnlock()
		return nil, &Error{Status: statusInvalidArgument, Message: "the registry is closed"}
	}
	return r.handle, nil
}

// Decode is paycode.Decode, attributed through the registry.
func (r *Registry) Decode(scanned string, reveal bool) (Report, error) {
	h, err := r.enter()
	if err != nil {
		return Report{}, err
	}
	defer r.mu.RUnlock()
	return decodeIn(h, scanned, reveal)
}

// DecodeMany is paycode.DecodeMany, attributed through the registry.
func (r *Registry) DecodeMany(scanned []string, reveal bool) ([]Report, error) {
	h, err := r.enter()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	return decodeManyIn(h, scanned, reveal)
}

// Close frees the native registry once the calls under way are done. Closing twice is
// allowed.
func (r *Registry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.handle != nil {
		C.paycode_registry_free(r.handle)
		r.handle = nil
	}
	return nil
}

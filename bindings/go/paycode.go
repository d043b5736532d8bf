// Package paycode decodes barcode-payment codes (EMVCo merchant and consumer codes, Chinese
// wallets' numeric codes and legacy URLs, unified codes) through paycode's C ABI
// (bindings/c): the report that `paycode decode --json` prints, conversion of legacy codes to
// a unified code and back, routing a code for a wallet, and QR symbols as SVG.
//
// Every function is safe for concurrent use. A refusal is returned as an *Error carrying the
// rule of the standard broken and a message; a decoded input that does not read is no
// refusal: its Report says so (OK false, Error set).
//
// The package links libpaycode_ffi.a statically; it looks in ../../target/release (the
// workspace's cargo output) and in any directory given with CGO_LDFLAGS="-L DIR".
package paycode

/*
#cgo CFLAGS: -I${SRCDIR}/../c/include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -l:libpaycode_ffi.a -lm -ldl -lpthread
#include "paycode.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"strings"
	"unsafe"
)

// The statuses of the C ABI.
const (
	statusOK              = 0
	statusBufferTooSmall  = -1
	statusInvalidArgument = -2
	statusUnreadable      = -3
)

// batch is the number of inputs sent in one native call by DecodeMany.
const batch = 4096

// Error is a refusal by paycode, or a misuse or bug at the C boundary (Status other than
// -3, Rule empty).
type Error struct {
	// Status is the C ABI's status: -3 for a refusal of the input.
	Status int `json:"-"`
	// Rule is the rule of spec/ that the input breaks, such as "MPM-CRC-1"; empty for a
	// refusal outside those rules (a merchant of the wrong shape, a payload with no code).
	Rule string `json:"rule"`
	// Offset is where the input breaks the rule, in Location.
	Offset int `json:"offset"`
	// Location says what Offset counts in: "code", "payload", "merchant", ….
	Location string `json:"location"`
	// Message says why, in English.
	Message string `json:"message"`
	// JSON is the error object as the C ABI wrote it.
	JSON string `json:"-"`
}

func (e *Error) Error() string {
	if e.Rule == "" {
		return "paycode: " + e.Message
	}
	return fmt.Sprintf("paycode: %s (%s)", e.Message, e.Rule)
}

// Report is the decoded form of what was scanned: its main fields, and the whole report as
// JSON (spec/report.schema.json), exactly as `paycode decode --json` prints it.
type Report struct {
	// Input is the input, with credentials masked unless revealed.
	Input string `json:"input"`
	// OK says whether the input reads as a code of its form.
	OK bool `json:"ok"`
	// Conformant says whether it also breaks no rule.
	Conformant bool `json:"conformant"`
	// Form is the form detected: "emv-mpm", "legacy", "numeric", ….
	Form string `json:"form"`
	// ScanKind is the kind of the scan as a Chinese scanner tells them apart.
	ScanKind string `json:"scan_kind"`
	// Issuers are the registry IDs of the issuers, most likely first.
	Issuers []string `json:"issuers"`
	// Error says why the input does not read; nil when it reads.
	Error *Error `json:"error"`
	// JSON is the whole report.
	JSON string `json:"-"`
}

// Route is how a wallet pays a merchant code (bindings/c/README.md, paycode_route).
type Route struct {
	// Code is the code to send: the gateway wrapper for "gateway"; empty when not accepted.
	Code string `json:"code"`
	// Confidence is the fact's: "verified", "secondary" or "folklore".
	Confidence string `json:"confidence"`
	// Decision is "own", "direct", "gateway", "page", "handover", "unknown" or "not-accepted".
	Decision string `json:"decision"`
	// Issuer is the registry ID of the issuer whose code is paid; empty when none claims it.
	Issuer string `json:"issuer"`
	// Since is the registry fact's date; Source its source.
	Since  string `json:"since"`
	Source string `json:"source"`
	// Verdict is "pays", "cannot" or "unknown".
	Verdict string `json:"verdict"`
	// JSON is the route as the C ABI wrote it.
	JSON string `json:"-"`
}

// Merchant is the merchant of a unified code; a zero field takes the default of
// spec/unified.md (name MERCHANT, city CHINA, MCC 0000, currency 156, no amount).
type Merchant struct {
	Name     string `json:"name,omitempty"`
	City     string `json:"city,omitempty"`
	MCC      string `json:"mcc,omitempty"`
	Currency string `json:"currency,omitempty"` // ISO 4217, numeric ("156") or alphabetic ("CNY")
	// Amount is decimal text in the currency's major unit ("12.34"); AmountMinor instead is
	// a number of minor units (1234 fen is 12.34). Not both.
	Amount      string             `json:"amount,omitempty"`
	AmountMinor *uint64            `json:"amount_minor,omitempty"`
	Reference   string             `json:"reference,omitempty"`
	Terminal    string             `json:"terminal,omitempty"`
	Alternate   *AlternateLanguage `json:"alternate,omitempty"`
}

// AlternateLanguage is the merchant's name and city in another language (template 64).
type AlternateLanguage struct {
	Language string `json:"language"`
	Name     string `json:"name"`
	City     string `json:"city,omitempty"`
}

// ptr is the C view of b: NULL for an empty slice.
func ptr(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

// result is what a call wrote and whether the library refused the input.
type result struct {
	text    string
	refused bool
}

// call runs f with a buffer of guess bytes, and again with the size the library asks for
// when that is too small.
func call(guess int, f func(out *C.uint8_t, outLen C.size_t, written *C.size_t) C.int32_t) (result, error) {
	buf := make([]byte, guess)
	for {
		var n C.size_t
		status := int(f(ptr(buf), C.size_t(len(buf)), &n))
		switch status {
		case statusOK, statusUnreadable:
			if int(n) > len(buf) {
				return result{}, &Error{Status: status, Message: "the C ABI wrote past its buffer (a bug)"}
			}
			return result{text: string(buf[:n]), refused: status == statusUnreadable}, nil
		case statusBufferTooSmall:
			if int(n) <= len(buf) {
				return result{}, &Error{Status: status, Message: "the C ABI asked for no more room (a bug)"}
			}
			buf = make([]byte, int(n))
		case statusInvalidArgument:
			return result{}, &Error{Status: status, Message: "invalid argument"}
		default:
			return result{}, &Error{Status: status, Message: fmt.Sprintf("internal error (a bug), status %d", status)}
		}
	}
}

// refusal reads the error object the C ABI wrote.
func refusal(text string) error {
	e := &Error{Status: statusUnreadable, JSON: text}
	if err := json.Unmarshal([]byte(text), e); err != nil {
		return &Error{Status: statusUnreadable, Message: text, JSON: text}
	}
	return e
}

// orError is the text of a call that succeeded, or the refusal.
func orError(r result, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if r.refused {
		return "", refusal(r.text)
	}
	return r.text, nil
}

// report reads a report's JSON.
func report(text string) (Report, error) {
	var r Report
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		return Report{}, &Error{Status: statusOK, Message: "a report that is not JSON (a bug): " + err.Error()}
	}
	r.JSON = text
	if r.Error != nil {
		r.Error.Status = statusUnreadable
		if b, err := json.Marshal(r.Error); err == nil {
			r.Error.JSON = string(b)
		}
	}
	return r, nil
}

func flag(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

// Version is the version of the native library, such as "0.1.0".
func Version() string {
	return C.GoString(C.paycode_version())
}

// Decode decodes anything scanned (the bytes of scanned, which need not be UTF-8) into its
// report. Credentials (numeric codes, PANs) are masked unless reveal. An input that does not
// read is reported (OK false), not returned as an error.
func Decode(scanned string, reveal bool) (Report, error) {
	return decodeIn(nil, scanned, reveal)
}

// decodeIn is Decode through a registry handle; nil is the built-in tables.
func decodeIn(reg *C.PaycodeRegistry, scanned string, reveal bool) (Report, error) {
	in := []byte(scanned)
	r, err := call(1024, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		if reg == nil {
			return C.paycode_decode(ptr(in), C.size_t(len(in)), flag(reveal), o, l, w)
		}
		return C.paycode_registry_decode(reg, ptr(in), C.size_t(len(in)), flag(reveal), o, l, w)
	})
	if err != nil {
		return Report{}, err
	}
	return report(r.text)
}

// DecodeMany decodes every input, a few thousand in one native call: exactly Decode of each,
// in order. An input holding a line break, or ending in a CR, is decoded alone.
func DecodeMany(scanned []string, reveal bool) ([]Report, error) {
	return decodeManyIn(nil, scanned, reveal)
}

// decodeManyIn is DecodeMany through a registry handle; nil is the built-in tables.
func decodeManyIn(reg *C.PaycodeRegistry, scanned []string, reveal bool) ([]Report, error) {
	reports := make([]Report, len(scanned))
	for from := 0; from < len(scanned); from += batch {
		to := from + batch
		if to > len(scanned) {
			to = len(scanned)
		}
		var lines strings.Builder
		var batched []int
		for i := from; i < to; i++ {
			s := scanned[i]
			if strings.Contains(s, "\n") || strings.HasSuffix(s, "\r") {
				r, err := decodeIn(reg, s, reveal)
				if err != nil {
					return nil, err
				}
				reports[i] = r
				continue
			}
			batched = append(batched, i)
			lines.WriteString(s)
			lines.WriteByte('\n')
		}
		in := []byte(lines.String())
		out, err := orError(call(1024*len(batched), func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
			if reg == nil {
				return C.paycode_decode_many(ptr(in), C.size_t(len(in)), flag(reveal), o, l, w)
			}
			return C.paycode_registry_decode_many(reg, ptr(in), C.size_t(len(in)), flag(reveal), o, l, w)
		}))
		if err != nil {
			return nil, err
		}
		// A report is JSON on one line: JSON escapes every line break in it.
		got := strings.Split(out, "\n")
		if len(got) != len(batched)+1 || got[len(batched)] != "" {
			return nil, &Error{Status: statusOK, Message: fmt.Sprintf("%d reports for %d inputs (a bug)", len(got)-1, len(batched))}
		}
		for k, i := range batched {
			r, err := report(got[k])
			if err != nil {
				return nil, err
			}
			reports[i] = r
		}
	}
	return reports, nil
}

// ToUnified writes one unified code carrying the legacy codes, for the merchant (nil: every
// default).
func ToUnified(codes []string, merchant *Merchant) (string, error) {
	m := []byte("{}")
	if merchant != nil {
		var err error
		if m, err = json.Marshal(merchant); err != nil {
			return "", err
		}
	}
	return ToUnifiedJSON(codes, string(m))
}

// ToUnifiedJSON is ToUnified for a merchant given as a JSON object, the merchant object of
// the to-unified vectors of spec/vectors ("" is every default).
func ToUnifiedJSON(codes []string, merchantJSON string) (string, error) {
	for _, c := range codes {
		if c == "" || strings.ContainsAny(c, "\r\n") {
			return "", &Error{Status: statusInvalidArgument, Message: "a legacy code is one non-empty line"}
		}
	}
	in := []byte(strings.Join(codes, "\n"))
	m := []byte(merchantJSON)
	return orError(call(512, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.paycode_to_unified_json(ptr(in), C.size_t(len(in)), ptr(m), C.size_t(len(m)), o, l, w)
	}))
}

// FromUnified recovers the legacy codes a unified payload carries, in template order.
func FromUnified(payload string) ([]string, error) {
	in := []byte(payload)
	out, err := orError(call(512, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.paycode_from_unified(ptr(in), C.size_t(len(in)), o, l, w)
	}))
	if err != nil {
		return nil, err
	}
	return strings.Split(out, "\n"), nil
}

// RouteFor decides how the wallet (a registry ID such as "unionpay") pays the merchant code.
func RouteFor(wallet, code string) (Route, error) {
	wa, c := []byte(wallet), []byte(code)
	out, err := orError(call(1024, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.paycode_route(ptr(wa), C.size_t(len(wa)), ptr(c), C.size_t(len(c)), o, l, w)
	}))
	if err != nil {
		return Route{}, err
	}
	r := Route{JSON: out}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		return Route{}, &Error{Status: statusOK, Message: "a route that is not JSON (a bug): " + err.Error()}
	}
	return r, nil
}

// QRSVG draws the QR symbol of the code as SVG text, with the quiet zone of 4 modules: ECC
// level 'L', 'M', 'Q' or 'H', modulePx pixels per module (0 is 1).
func QRSVG(code string, ecc byte, modulePx uint32) (string, error) {
	c := []byte(code)
	return orError(call(16384, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.paycode_qr_svg(ptr(c), C.size_t(len(c)), C.char(ecc), C.uint32_t(modulePx), o, l, w)
	}))
}

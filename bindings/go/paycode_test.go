package paycode

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

const (
	wxp     = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"
	ali     = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79"
	numeric = "134556781234567890"
)

func TestDecode(t *testing.T) {
	r, err := Decode(wxp, false)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK || r.Form != "legacy" || r.ScanKind != "wechat" || len(r.Issuers) != 1 || r.Issuers[0] != "wechat-pay" || r.Error != nil {
		t.Fatalf("%+v", r)
	}
	if !strings.HasPrefix(r.JSON, "{") || !strings.Contains(r.JSON, `"ok":true`) {
		t.Fatal(r.JSON)
	}
	// Not a code: a report, no error; its Error carries the rule.
	for _, in := range []string{"hello", "", "\xff\xfe", "wxp\x00x"} {
		r, err := Decode(in, false)
		if err != nil || r.OK || r.Error == nil || r.Error.Rule == "" || r.Error.Message == "" {
			t.Fatalf("%q: %+v, %v", in, r, err)
		}
	}
	r, _ = Decode("\xff", false)
	if r.Error.Rule != "MPM-UTF-1" {
		t.Fatal(r.Error)
	}
}

func TestCredentialsAreMaskedUnlessRevealed(t *testing.T) {
	r, _ := Decode(numeric, false)
	if r.Input != "1345**********7890" || strings.Contains(r.JSON, numeric) {
		t.Fatal(r.JSON)
	}
	r, _ = Decode(numeric, true)
	if r.Input != numeric {
		t.Fatal(r.JSON)
	}
}

func TestDecodeManyIsDecodeOfEach(t *testing.T) {
	inputs := []string{wxp, "", numeric, wxp + "\n" + ali, "hello\r", "\r\n", ali, "\x00", "\xff"}
	reports, err := DecodeMany(inputs, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != len(inputs) {
		t.Fatalf("%d reports", len(reports))
	}
	for i, in := range inputs {
		one, _ := Decode(in, false)
		if reports[i].JSON != one.JSON {
			t.Fatalf("%q: %s, one by one %s", in, reports[i].JSON, one.JSON)
		}
	}
	if r, err := DecodeMany(nil, false); err != nil || len(r) != 0 {
		t.Fatal(r, err)
	}
	// More than one native batch.
	var many []string
	for i := 0; i < 10000; i++ {
		many = append(many, []string{wxp, ali, "x"}[i%3])
	}
	reports, err = DecodeMany(many, false)
	if err != nil || len(reports) != 10000 || reports[9997].Issuers[0] != "alipay" || reports[9998].OK {
		t.Fatal(len(reports), err)
	}
}

func TestUnifiedRoundTrip(t *testing.T) {
	minor := uint64(1234)
	m := &Merchant{Name: "NOODLE HOUSE", City: "BEIJING", AmountMinor: &minor,
		Alternate: &AlternateLanguage{Language: "zh", Name: "面馆", City: "北京"}}
	unified, err := ToUnified([]string{wxp, ali}, m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(unified, "000201") || !strings.Contains(unified, "540512.34") || !strings.Contains(unified, "面馆") {
		t.Fatal(unified)
	}
	codes, err := FromUnified(unified)
	if err != nil || len(codes) != 2 || codes[0] != wxp || codes[1] != ali {
		t.Fatal(codes, err)
	}
	plain, err := ToUnified([]string{wxp}, nil)
	if err != nil || !strings.Contains(plain, "5908MERCHANT6005CHINA") {
		t.Fatal(plain, err)
	}
}

func TestRefusalsCarryRuleAndMessage(t *testing.T) {
	var e *Error
	_, err := ToUnified([]string{"https://qr.alipay.com/stx05107r5oaa4fyofbkh24", ali}, nil)
	if !errors.As(err, &e) || e.Rule != "UNI-ISS-1" || e.Status != -3 || e.Message == "" || !strings.Contains(err.Error(), "UNI-ISS-1") {
		t.Fatalf("%#v", err)
	}
	_, err = ToUnifiedJSON([]string{wxp}, `{"nmae": "X"}`)
	if !errors.As(err, &e) || e.Rule != "" || e.Location != "merchant" || !strings.Contains(e.Message, "nmae") {
		t.Fatalf("%#v", err)
	}
	_, err = ToUnifiedJSON([]string{wxp}, `{"name": "`+strings.Repeat("N", 30)+`"}`)
	if !errors.As(err, &e) || e.Rule != "MPM-LEN-1" {
		t.Fatalf("%#v", err)
	}
	_, err = ToUnified([]string{wxp + "\n" + ali}, nil)
	if !errors.As(err, &e) || e.Status != -2 {
		t.Fatalf("%#v", err)
	}
	_, err = RouteFor("nobody", wxp)
	if !errors.As(err, &e) || e.Rule != "REG-ID-1" {
		t.Fatalf("%#v", err)
	}
	_, err = FromUnified("hello")
	if !errors.As(err, &e) || !strings.HasPrefix(e.Rule, "MPM-") {
		t.Fatalf("%#v", err)
	}
	// Text that is not UTF-8, where text is required: an invalid argument.
	_, err = RouteFor("union\xffpay", wxp)
	if !errors.As(err, &e) || e.Status != -2 {
		t.Fatalf("%#v", err)
	}
}

func TestRouteAndQR(t *testing.T) {
	r, err := RouteFor("unionpay", wxp)
	if err != nil || r.Decision != "gateway" || r.Verdict != "pays" || r.Issuer != "wechat-pay" || !strings.HasPrefix(r.Code, "https://qr.95516.com/") {
		t.Fatalf("%+v %v", r, err)
	}
	svg, err := QRSVG(wxp, 'M', 8)
	if err != nil || !strings.Contains(svg, `viewBox="0 0 37 37"`) || !strings.Contains(svg, `width="296"`) {
		t.Fatal(err)
	}
	var e *Error
	if _, err := QRSVG(wxp, 'X', 8); !errors.As(err, &e) || e.Status != -2 {
		t.Fatalf("%#v", err)
	}
	if _, err := QRSVG(strings.Repeat("9", 8000), 'L', 1); !errors.As(err, &e) || e.Rule != "QR-LEN-1" {
		t.Fatalf("%#v", err)
	}
}

func TestGoroutinesGetWhatOneGets(t *testing.T) {
	one, _ := Decode(ali, false)
	var wg sync.WaitGroup
	bad := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if r, err := Decode(ali, false); err != nil || r.JSON != one.JSON {
					bad <- r.JSON
					return
				}
			}
		}()
	}
	wg.Wait()
	close(bad)
	for b := range bad {
		t.Fatal(b)
	}
}

func TestVersion(t *testing.T) {
	if v := Version(); !strings.Contains(v, ".") {
		t.Fatal(v)
	}
}

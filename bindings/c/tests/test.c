/*
 * The C ABI as a C program uses it, with hostile inputs: run by tests/run.sh under valgrind
 * (any invalid read or write, use of uninitialised memory or leak fails the run). Every
 * check asserts; the program exits 1 at the end if any failed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paycode.h"

static int failures = 0;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);             \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

#define CHECK_STATUS(got, want)                                                            \
    do {                                                                                   \
        int32_t got_ = (got);                                                              \
        if (got_ != (want)) {                                                              \
            fprintf(stderr, "%s:%d: FAILED: status %d, expected %s (%d)\n", __FILE__,      \
                    __LINE__, (int)got_, #want, (int)(want));                              \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

static const char *EMV =
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802"
    "CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.72530315655020162330304"
    "12340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";
static const char *WXP = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
static const char *ALI = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";
static const char *NUMERIC = "134556781234567890";

/* Whether out[0..len) contains the NUL-terminated needle. */
static int contains(const uint8_t *out, size_t len, const char *needle) {
    size_t n = strlen(needle);
    if (n > len) return 0;
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(out + i, needle, n) == 0) return 1;
    }
    return 0;
}

/* Decodes text with the size asked for first, into a heap buffer of exactly that size, so
 * that valgrind sees any write past it. Returns the buffer (to free) and its length. */
static uint8_t *decode_sized(const uint8_t *in, size_t in_len, int32_t reveal, int32_t want,
                             size_t *len) {
    size_t needed = 12345;
    CHECK_STATUS(paycode_decode(in, in_len, reveal, NULL, 0, &needed), PAYCODE_BUFFER_TOO_SMALL);
    CHECK(needed > 0 && needed != 12345);
    uint8_t *out = malloc(needed);
    size_t written = 0;
    CHECK_STATUS(paycode_decode(in, in_len, reveal, out, needed, &written), want);
    CHECK(written == needed);
    *len = written;
    return out;
}

static void test_version(void) {
    const char *v = paycode_version();
    CHECK(v != NULL && strlen(v) >= 5 && v[0] >= '0' && v[0] <= '9');
    CHECK(strchr(v, '.') != NULL);
}

static void test_decode_forms(void) {
    size_t len = 0;
    uint8_t *out = decode_sized((const uint8_t *)EMV, strlen(EMV), 0, PAYCODE_OK, &len);
    CHECK(len > 0 && out[0] == '{' && out[len - 1] == '}');
    CHECK(contains(out, len, "\"form\":\"emv-mpm\""));
    CHECK(contains(out, len, "\"ok\":true"));
    CHECK(contains(out, len, "BEST TRANSPORT"));
    CHECK(contains(out, len, "最佳运输"));
    free(out);

    out = decode_sized((const uint8_t *)WXP, strlen(WXP), 0, PAYCODE_OK, &len);
    CHECK(contains(out, len, "\"form\":\"legacy\""));
    CHECK(contains(out, len, "\"issuers\":[\"wechat-pay\"]"));
    CHECK(contains(out, len, "\"scan_kind\":\"wechat\""));
    CHECK(out[len - 1] == '}'); /* no newline */
    free(out);

    /* A payment code is a credential: masked unless revealed. */
    out = decode_sized((const uint8_t *)NUMERIC, strlen(NUMERIC), 0, PAYCODE_OK, &len);
    CHECK(contains(out, len, "\"input\":\"1345**********7890\""));
    CHECK(!contains(out, len, NUMERIC));
    free(out);
    out = decode_sized((const uint8_t *)NUMERIC, strlen(NUMERIC), 1, PAYCODE_OK, &len);
    CHECK(contains(out, len, "\"input\":\"134556781234567890\""));
    free(out);

    /* Not a code: the report is written all the same. */
    out = decode_sized((const uint8_t *)"hello", 5, 0, PAYCODE_UNREADABLE, &len);
    CHECK(contains(out, len, "\"ok\":false"));
    free(out);
}

static void test_buffer_sizing(void) {
    uint8_t small[8];
    size_t written = 0;
    memset(small, 'x', sizeof small);
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, strlen(WXP), 0, small, sizeof small, &written),
                 PAYCODE_BUFFER_TOO_SMALL);
    size_t needed = written;
    CHECK(needed > sizeof small);
    /* One byte short, in a heap block of exactly that size. */
    uint8_t *out = malloc(needed - 1);
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, strlen(WXP), 0, out, needed - 1, &written),
                 PAYCODE_BUFFER_TOO_SMALL);
    CHECK(written == needed);
    free(out);
    /* The retry with the size needed. */
    out = malloc(needed);
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, strlen(WXP), 0, out, needed, &written),
                 PAYCODE_OK);
    CHECK(written == needed && out[0] == '{');
    free(out);

    /* Every function sizes the same way. */
    written = 0;
    CHECK_STATUS(paycode_route((const uint8_t *)"unionpay", 8, (const uint8_t *)WXP, strlen(WXP),
                               NULL, 0, &written),
                 PAYCODE_BUFFER_TOO_SMALL);
    CHECK(written > 0);
    written = 0;
    CHECK_STATUS(paycode_qr_svg((const uint8_t *)WXP, strlen(WXP), 'M', 4, small, sizeof small,
                                &written),
                 PAYCODE_BUFFER_TOO_SMALL);
    CHECK(written > 1000);
}

static void test_null_pointers(void) {
    uint8_t out[4096];
    size_t written = 99;
    CHECK_STATUS(paycode_decode(NULL, 10, 0, out, sizeof out, &written), PAYCODE_INVALID_ARGUMENT);
    CHECK(written == 0);
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, strlen(WXP), 0, out, sizeof out, NULL),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, strlen(WXP), 0, NULL, 100, &written),
                 PAYCODE_INVALID_ARGUMENT);
    /* A length past PTRDIFF_MAX is refused before anything is read. */
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, SIZE_MAX, 0, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_decode((const uint8_t *)WXP, strlen(WXP), 0, out, SIZE_MAX, &written),
                 PAYCODE_INVALID_ARGUMENT);
    /* NULL with a length of 0 is the empty input. */
    CHECK_STATUS(paycode_decode(NULL, 0, 0, out, sizeof out, &written), PAYCODE_UNREADABLE);
    CHECK(written > 0 && out[0] == '{');

    CHECK_STATUS(paycode_to_unified(NULL, 5, NULL, 0, NULL, 0, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_to_unified((const uint8_t *)WXP, strlen(WXP), NULL, 4, NULL, 0, out,
                                    sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_to_unified((const uint8_t *)WXP, strlen(WXP), NULL, 0, NULL, 0, out,
                                    sizeof out, NULL),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_from_unified(NULL, 3, out, sizeof out, &written), PAYCODE_INVALID_ARGUMENT);
    /* An empty payload is no payload: refused with the error. */
    CHECK_STATUS(paycode_from_unified(NULL, 0, out, sizeof out, &written), PAYCODE_UNREADABLE);
    CHECK(contains(out, written, "\"rule\""));
    CHECK_STATUS(paycode_route(NULL, 8, (const uint8_t *)WXP, strlen(WXP), out, sizeof out,
                               &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_route((const uint8_t *)"unionpay", 8, NULL, 1, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_qr_svg(NULL, 1, 'M', 4, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_qr_svg((const uint8_t *)WXP, strlen(WXP), 'M', 4, NULL, 0, NULL),
                 PAYCODE_INVALID_ARGUMENT);
}

static void test_not_utf8(void) {
    static const uint8_t bad[] = {'w', 'x', 'p', ':', '/', '/', 0xff, 0xfe, 0x00, 0xc3};
    size_t len = 0;
    /* decode takes bytes: it reports them as unreadable, naming the first bad byte. */
    uint8_t *out = decode_sized(bad, sizeof bad, 0, PAYCODE_UNREADABLE, &len);
    CHECK(contains(out, len, "MPM-UTF-1"));
    free(out);
    /* The functions that take text refuse them as arguments. */
    uint8_t buf[4096];
    size_t written = 7;
    CHECK_STATUS(paycode_to_unified(bad, sizeof bad, NULL, 0, NULL, 0, buf, sizeof buf, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK(written == 0);
    CHECK_STATUS(paycode_to_unified((const uint8_t *)WXP, strlen(WXP), bad, sizeof bad, NULL, 0,
                                    buf, sizeof buf, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_from_unified(bad, sizeof bad, buf, sizeof buf, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_route(bad, sizeof bad, (const uint8_t *)WXP, strlen(WXP), buf, sizeof buf,
                               &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_route((const uint8_t *)"unionpay", 8, bad, sizeof bad, buf, sizeof buf,
                               &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_qr_svg(bad, sizeof bad, 'M', 4, buf, sizeof buf, &written),
                 PAYCODE_INVALID_ARGUMENT);
    /* An embedded NUL is a byte like any other: the length decides, not the NUL. */
    static const uint8_t nul[] = {'w', 'x', 'p', 0x00, 'x'};
    out = decode_sized(nul, sizeof nul, 0, PAYCODE_UNREADABLE, &len);
    CHECK(contains(out, len, "\"ok\":false"));
    free(out);
}

static void test_one_megabyte(void) {
    size_t n = 1 << 20;
    uint8_t *big = malloc(n);
    /* A merchant payload's start, then digits: no reader accepts a megabyte. */
    memset(big, '0', n);
    memcpy(big, "000201", 6);
    size_t len = 0;
    uint8_t *out = decode_sized(big, n, 0, PAYCODE_UNREADABLE, &len);
    CHECK(contains(out, len, "\"ok\":false"));
    free(out);
    /* Every byte value, repeated. */
    for (size_t i = 0; i < n; i++) big[i] = (uint8_t)(i * 131u + 7u);
    out = decode_sized(big, n, 0, PAYCODE_UNREADABLE, &len);
    CHECK(contains(out, len, "\"ok\":false"));
    free(out);
    /* A megabyte of legacy codes, one a line: refused (too many for one unified code). */
    size_t line = strlen(WXP) + 1;
    for (size_t at = 0; at + line <= n; at += line) {
        memcpy(big + at, WXP, line - 1);
        big[at + line - 1] = '\n';
    }
    memset(big + (n / line) * line, '\n', n - (n / line) * line);
    uint8_t buf[4096];
    size_t written = 0;
    CHECK_STATUS(paycode_to_unified(big, n, NULL, 0, NULL, 0, buf, sizeof buf, &written),
                 PAYCODE_UNREADABLE);
    CHECK(contains(buf, written, "UNI-ISS-1"));
    CHECK_STATUS(paycode_route((const uint8_t *)"unionpay", 8, big, n, buf, sizeof buf, &written),
                 PAYCODE_UNREADABLE);
    CHECK_STATUS(paycode_from_unified(big, n, buf, sizeof buf, &written), PAYCODE_UNREADABLE);
    CHECK_STATUS(paycode_qr_svg(big, n, 'L', 1, buf, sizeof buf, &written), PAYCODE_UNREADABLE);
    CHECK(contains(buf, written, "QR-LEN-1"));
    free(big);
}

static void test_unified_round_trip(void) {
    char codes[256];
    snprintf(codes, sizeof codes, "%s\n%s\n", WXP, ALI);
    uint8_t unified[1024];
    size_t written = 0;
    const char *name = "NOODLE HOUSE", *city = "BEIJING";
    CHECK_STATUS(paycode_to_unified((const uint8_t *)codes, strlen(codes), (const uint8_t *)name,
                                    strlen(name), (const uint8_t *)city, strlen(city), unified,
                                    sizeof unified, &written),
                 PAYCODE_OK);
    size_t unified_len = written;
    CHECK(unified_len > 0 && memcmp(unified, "000201", 6) == 0);
    CHECK(contains(unified, unified_len, "NOODLE HOUSE"));
    CHECK(contains(unified, unified_len, "cn.paycode.wx"));

    /* The unified code decodes as one. */
    size_t len = 0;
    uint8_t *report = decode_sized(unified, unified_len, 0, PAYCODE_OK, &len);
    CHECK(contains(report, len, "\"scan_kind\":\"unified\""));
    free(report);

    /* And back: both codes, one a line, no newline after the last. */
    uint8_t back[1024];
    CHECK_STATUS(paycode_from_unified(unified, unified_len, back, sizeof back, &written), PAYCODE_OK);
    char expected[256];
    snprintf(expected, sizeof expected, "%s\n%s", WXP, ALI);
    CHECK(written == strlen(expected) && memcmp(back, expected, written) == 0);

    /* A name over 25 characters is refused with the rule. */
    const char *longname = "THE NOODLE HOUSE OF BEIJING CENTRAL";
    CHECK_STATUS(paycode_to_unified((const uint8_t *)WXP, strlen(WXP), (const uint8_t *)longname,
                                    strlen(longname), NULL, 0, back, sizeof back, &written),
                 PAYCODE_UNREADABLE);
    CHECK(contains(back, written, "\"rule\":\"MPM-LEN-1\""));

    /* A line that is no legacy code: its number is given. */
    snprintf(codes, sizeof codes, "%s\r\nnot a code\r\n", WXP);
    CHECK_STATUS(paycode_to_unified((const uint8_t *)codes, strlen(codes), NULL, 0, NULL, 0, back,
                                    sizeof back, &written),
                 PAYCODE_UNREADABLE);
    CHECK(contains(back, written, "\"line\":2"));
}

static void test_route(void) {
    uint8_t out[2048];
    size_t written = 0;
    CHECK_STATUS(paycode_route((const uint8_t *)"unionpay", 8, (const uint8_t *)WXP, strlen(WXP),
                               out, sizeof out, &written),
                 PAYCODE_OK);
    CHECK(contains(out, written, "\"decision\":\"gateway\""));
    CHECK(contains(out, written, "\"verdict\":\"pays\""));
    CHECK(contains(out, written, "\"issuer\":\"wechat-pay\""));
    CHECK(contains(out, written,
                   "\"code\":\"https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2F"));
    /* An unknown wallet, a consumer-presented code. */
    CHECK_STATUS(paycode_route((const uint8_t *)"nobody", 6, (const uint8_t *)WXP, strlen(WXP), out,
                               sizeof out, &written),
                 PAYCODE_UNREADABLE);
    CHECK(contains(out, written, "REG-ID-1"));
    CHECK_STATUS(paycode_route((const uint8_t *)"unionpay", 8, (const uint8_t *)NUMERIC,
                               strlen(NUMERIC), out, sizeof out, &written),
                 PAYCODE_UNREADABLE);
    CHECK(contains(out, written, "RTE-CODE-1"));
}

static void test_qr_svg(void) {
    size_t needed = 0;
    CHECK_STATUS(paycode_qr_svg((const uint8_t *)WXP, strlen(WXP), 'M', 8, NULL, 0, &needed),
                 PAYCODE_BUFFER_TOO_SMALL);
    uint8_t *svg = malloc(needed);
    size_t written = 0;
    CHECK_STATUS(paycode_qr_svg((const uint8_t *)WXP, strlen(WXP), 'M', 8, svg, needed, &written),
                 PAYCODE_OK);
    CHECK(written == needed);
    CHECK(written > 4 && memcmp(svg, "<svg", 4) == 0);
    CHECK(contains(svg, written, "</svg>"));
    free(svg);
    uint8_t small[16];
    for (int i = 0; i < 4; i++) {
        char ecc = "LMQH"[i];
        CHECK_STATUS(paycode_qr_svg((const uint8_t *)EMV, strlen(EMV), ecc, 1, small, sizeof small,
                                    &written),
                     PAYCODE_BUFFER_TOO_SMALL);
    }
    CHECK_STATUS(paycode_qr_svg((const uint8_t *)WXP, strlen(WXP), 'X', 8, small, sizeof small,
                                &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_qr_svg((const uint8_t *)WXP, strlen(WXP), (char)0xff, 8, small,
                                sizeof small, &written),
                 PAYCODE_INVALID_ARGUMENT);
}

/* Counts the newlines in out[0..len). */
static size_t count_lines(const uint8_t *out, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += out[i] == '\n';
    return n;
}

/* paycode_decode_many: one report a line, each what paycode_decode writes for that line. */
static void test_decode_many(void) {
    char batch[512];
    snprintf(batch, sizeof batch, "%s\r\n%s\n\n%s\nhello", WXP, NUMERIC, EMV);
    size_t needed = 0;
    CHECK_STATUS(paycode_decode_many((const uint8_t *)batch, strlen(batch), 0, NULL, 0, &needed),
                 PAYCODE_BUFFER_TOO_SMALL);
    uint8_t *out = malloc(needed);
    size_t written = 0;
    CHECK_STATUS(paycode_decode_many((const uint8_t *)batch, strlen(batch), 0, out, needed,
                                     &written),
                 PAYCODE_OK);
    CHECK(written == needed && count_lines(out, written) == 5 && out[written - 1] == '\n');
    /* Line by line, the same bytes as one by one. */
    const char *one[5] = {WXP, NUMERIC, "", EMV, "hello"};
    size_t at = 0;
    for (int i = 0; i < 5 && at < written; i++) {
        size_t len = 0;
        int32_t want = (i == 2 || i == 4) ? PAYCODE_UNREADABLE : PAYCODE_OK;
        uint8_t *single = decode_sized((const uint8_t *)one[i], strlen(one[i]), 0, want, &len);
        CHECK(at + len < written && memcmp(out + at, single, len) == 0 && out[at + len] == '\n');
        at += len + 1;
        free(single);
    }
    CHECK(at == written);
    CHECK(!contains(out, written, NUMERIC));
    free(out);

    /* One byte short, in a heap block of exactly that size: too small, the same size. */
    out = malloc(needed - 1);
    CHECK_STATUS(paycode_decode_many((const uint8_t *)batch, strlen(batch), 0, out, needed - 1,
                                     &written),
                 PAYCODE_BUFFER_TOO_SMALL);
    CHECK(written == needed);
    free(out);

    /* No input, no line: nothing written, OK. NULL with a length is invalid. */
    written = 99;
    CHECK_STATUS(paycode_decode_many(NULL, 0, 0, NULL, 0, &written), PAYCODE_OK);
    CHECK(written == 0);
    CHECK_STATUS(paycode_decode_many(NULL, 4, 0, NULL, 0, &written), PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_decode_many((const uint8_t *)batch, 4, 0, NULL, 0, NULL),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_decode_many((const uint8_t *)batch, SIZE_MAX, 0, NULL, 0, &written),
                 PAYCODE_INVALID_ARGUMENT);

    /* Hostile bytes: not UTF-8, NULs, lone CRs, a run of empty lines. */
    static const uint8_t bad[] = {0xff, '\n', 0x00, 'x', '\r', '\r', '\n', '\n', '\n', 0xc3};
    needed = 0;
    CHECK_STATUS(paycode_decode_many(bad, sizeof bad, 0, NULL, 0, &needed),
                 PAYCODE_BUFFER_TOO_SMALL);
    out = malloc(needed);
    CHECK_STATUS(paycode_decode_many(bad, sizeof bad, 0, out, needed, &written), PAYCODE_OK);
    CHECK(count_lines(out, written) == 5 && contains(out, written, "MPM-UTF-1"));
    free(out);

    /* A megabyte of lines, each a code: 2^20 / 43 reports. */
    size_t n = 1 << 20, line = strlen(WXP) + 1;
    uint8_t *big = malloc(n);
    for (size_t i = 0; i + line <= n; i += line) {
        memcpy(big + i, WXP, line - 1);
        big[i + line - 1] = '\n';
    }
    size_t full = (n / line) * line;
    CHECK_STATUS(paycode_decode_many(big, full, 0, NULL, 0, &needed), PAYCODE_BUFFER_TOO_SMALL);
    out = malloc(needed);
    CHECK_STATUS(paycode_decode_many(big, full, 0, out, needed, &written), PAYCODE_OK);
    CHECK(count_lines(out, written) == n / line);
    free(out);
    /* A megabyte of newlines: as many empty reports. */
    memset(big, '\n', n);
    CHECK_STATUS(paycode_decode_many(big, 4096, 0, NULL, 0, &needed), PAYCODE_BUFFER_TOO_SMALL);
    out = malloc(needed);
    CHECK_STATUS(paycode_decode_many(big, 4096, 0, out, needed, &written), PAYCODE_OK);
    CHECK(count_lines(out, written) == 4096);
    free(out);
    free(big);
}

/* paycode_to_unified_json: the merchant as a JSON object. */
static void test_to_unified_json(void) {
    uint8_t out[2048];
    size_t written = 0;
    const char *merchant =
        "{\"name\": \"NOODLE HOUSE\", \"city\": \"BEIJING\", \"mcc\": \"5812\", \"currency\": "
        "\"CNY\", \"amount_minor\": 1234, \"reference\": \"ORDER-0001\", \"terminal\": \"T-07\", "
        "\"alternate\": {\"language\": \"zh\", \"name\": \"面馆\", \"city\": \"北京\"}}";
    char codes[256];
    snprintf(codes, sizeof codes, "%s\n%s", WXP, ALI);
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)codes, strlen(codes),
                                         (const uint8_t *)merchant, strlen(merchant), out,
                                         sizeof out, &written),
                 PAYCODE_OK);
    CHECK(contains(out, written, "540512.34") && contains(out, written, "面馆"));
    CHECK(contains(out, written, "0510ORDER-0001"));
    /* Sizing, in a block of exactly the size. */
    size_t needed = 0;
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)codes, strlen(codes),
                                         (const uint8_t *)merchant, strlen(merchant), NULL, 0,
                                         &needed),
                 PAYCODE_BUFFER_TOO_SMALL);
    CHECK(needed == written);
    /* No merchant: the defaults, as paycode_to_unified with no name or city. */
    uint8_t plain[1024];
    size_t plain_len = 0;
    CHECK_STATUS(paycode_to_unified((const uint8_t *)WXP, strlen(WXP), NULL, 0, NULL, 0, plain,
                                    sizeof plain, &plain_len),
                 PAYCODE_OK);
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)WXP, strlen(WXP), NULL, 0, out,
                                         sizeof out, &written),
                 PAYCODE_OK);
    CHECK(written == plain_len && memcmp(out, plain, written) == 0);

    /* Hostile merchants: refused with why, never read past their length. */
    const char *hostile[] = {
        "{",
        "{\"name\": 5}",
        "{\"unknown\": 1}",
        "{\"amount\": \"1\", \"amount_minor\": 1}",
        "{\"amount_minor\": 99999999999999999999999}",
        "{\"alternate\": []}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "\"merchant\"",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        /* In a heap block of exactly its length, with no NUL after it. */
        size_t len = strlen(hostile[i]);
        uint8_t *m = malloc(len);
        memcpy(m, hostile[i], len);
        CHECK_STATUS(paycode_to_unified_json((const uint8_t *)WXP, strlen(WXP), m, len, out,
                                             sizeof out, &written),
                     PAYCODE_UNREADABLE);
        CHECK(contains(out, written, "\"location\":\"merchant\""));
        free(m);
    }
    /* A merchant nested a hundred thousand deep: refused, not a stack overflow. */
    size_t deep = 100000;
    uint8_t *m = malloc(deep);
    memcpy(m, "{\"alternate\":", 13);
    memset(m + 13, '[', deep - 13);
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)WXP, strlen(WXP), m, deep, out,
                                         sizeof out, &written),
                 PAYCODE_UNREADABLE);
    free(m);
    /* A merchant field the library refuses: its rule. */
    const char *ccy = "{\"currency\": \"XYZ\"}";
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)WXP, strlen(WXP), (const uint8_t *)ccy,
                                         strlen(ccy), out, sizeof out, &written),
                 PAYCODE_UNREADABLE);
    CHECK(contains(out, written, "MPM-CCY-1"));
    static const uint8_t bad[] = {'{', '"', 0xff, '"', '}'};
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)WXP, strlen(WXP), bad, sizeof bad, out,
                                         sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_to_unified_json((const uint8_t *)WXP, strlen(WXP), NULL, 3, out,
                                         sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_to_unified_json(NULL, 3, NULL, 0, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
}

/* Run-time registries: load, decode through one, refuse broken documents, free. */
static const char *REGISTRY_DOC =
    "{\"issuers\": [{\"id\": \"wechat-pay\", \"name\": \"WeChat Pay\", \"numeric\": [{\"prefixes\": "
    "[\"10\"], \"lengths\": [18]}]}, {\"id\": \"campus-card\", \"name\": {\"en\": \"Campus Card\", "
    "\"zh\": \"校园卡\"}, \"numeric\": [{\"prefixes\": [\"13\"], \"lengths\": [18]}], \"kind\": "
    "\"wallet\"}]}";

static PaycodeRegistry *load_registry(const char *doc) {
    PaycodeRegistry *r = (PaycodeRegistry *)&failures; /* overwritten: NULL or the handle */
    size_t written = 99;
    /* In a heap block of exactly its length, with no NUL after it. */
    size_t len = strlen(doc);
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, doc, len);
    CHECK_STATUS(paycode_registry_load(copy, len, &r, NULL, 0, &written), PAYCODE_OK);
    CHECK(written == 0 && r != NULL);
    free(copy);
    return r;
}

static void test_registry(void) {
    PaycodeRegistry *r = load_registry(REGISTRY_DOC);
    uint8_t out[4096];
    size_t written = 0;
    CHECK_STATUS(paycode_registry_decode(r, (const uint8_t *)NUMERIC, strlen(NUMERIC), 0, out,
                                         sizeof out, &written),
                 PAYCODE_OK);
    CHECK(contains(out, written, "\"issuers\":[\"campus-card\"]"));
    CHECK(contains(out, written, "校园卡"));
    CHECK(!contains(out, written, NUMERIC));
    /* NULL is the built-in tables: what paycode_decode writes. */
    uint8_t plain[4096];
    size_t plain_len = 0;
    CHECK_STATUS(paycode_decode((const uint8_t *)NUMERIC, strlen(NUMERIC), 0, plain, sizeof plain,
                                &plain_len),
                 PAYCODE_OK);
    CHECK_STATUS(paycode_registry_decode(NULL, (const uint8_t *)NUMERIC, strlen(NUMERIC), 0, out,
                                         sizeof out, &written),
                 PAYCODE_OK);
    CHECK(written == plain_len && memcmp(out, plain, written) == 0);
    CHECK(contains(out, written, "\"issuers\":[\"wechat-pay\"]"));
    /* A batch through the registry, sized first. */
    char batch[256];
    snprintf(batch, sizeof batch, "%s\n%s\r\nhello\n", NUMERIC, WXP);
    size_t needed = 0;
    CHECK_STATUS(paycode_registry_decode_many(r, (const uint8_t *)batch, strlen(batch), 0, NULL, 0,
                                              &needed),
                 PAYCODE_BUFFER_TOO_SMALL);
    uint8_t *many = malloc(needed);
    CHECK_STATUS(paycode_registry_decode_many(r, (const uint8_t *)batch, strlen(batch), 0, many,
                                              needed, &written),
                 PAYCODE_OK);
    CHECK(written == needed && count_lines(many, written) == 3);
    CHECK(contains(many, written, "campus-card") && contains(many, written, "\"ok\":false"));
    free(many);
    CHECK_STATUS(paycode_registry_decode(r, NULL, 5, 0, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    paycode_registry_free(r);
    paycode_registry_free(NULL);

    /* Broken documents: refused with why, and no handle made (valgrind sees any leak). */
    const char *broken[] = {
        "",
        "{",
        "[1, 2]",
        "{\"version\": \"1\"}",
        "{\"issuers\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"a\", \"name\": \"B\"}]}",
        "{\"issuers\": [{\"id\": \"Bad\", \"name\": \"A\"}]}",
        "{\"issuers\": [{\"id\": \"a\", \"name\": \"A\", \"numeric\": [{\"prefixes\": [\"1x\"], "
        "\"lengths\": [18]}]}]}",
        "{\"issuers\": [{\"id\": \"a\", \"name\": \"A\", \"cpm_aids\": [{\"aid\": \"A0000003\"}]}]}",
        "{\"issuers\": [{\"id\": \"a\", \"name\": \"A\"}]} trailing",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        PaycodeRegistry *h = (PaycodeRegistry *)&failures;
        size_t len = strlen(broken[i]);
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, broken[i], len);
        CHECK_STATUS(paycode_registry_load(copy, len, &h, out, sizeof out, &written),
                     PAYCODE_UNREADABLE);
        CHECK(h == NULL);
        CHECK(contains(out, written, "\"location\":\"registry\""));
        /* The message's size is asked for like any result's. */
        CHECK_STATUS(paycode_registry_load(copy, len, &h, NULL, 0, &needed),
                     PAYCODE_BUFFER_TOO_SMALL);
        CHECK(needed == written && h == NULL);
        free(copy);
    }
    /* Hostile documents: nested a hundred thousand deep; a megabyte of one string; bytes
     * that are not UTF-8; a NULL place for the handle. */
    size_t n = 1 << 20;
    uint8_t *big = malloc(n);
    memset(big, '[', n);
    PaycodeRegistry *h = NULL;
    CHECK_STATUS(paycode_registry_load(big, 100000, &h, out, sizeof out, &written),
                 PAYCODE_UNREADABLE);
    CHECK(h == NULL);
    memcpy(big, "{\"issuers\": [{\"id\": \"", 21);
    memset(big + 21, 'a', n - 21);
    CHECK_STATUS(paycode_registry_load(big, n, &h, out, sizeof out, &written), PAYCODE_UNREADABLE);
    CHECK(h == NULL);
    free(big);
    static const uint8_t bad[] = {'{', '"', 0xff, '"', ':', '1', '}'};
    CHECK_STATUS(paycode_registry_load(bad, sizeof bad, &h, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK(h == NULL);
    CHECK_STATUS(paycode_registry_load((const uint8_t *)REGISTRY_DOC, strlen(REGISTRY_DOC), NULL,
                                       out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_registry_load(NULL, 4, &h, out, sizeof out, &written),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK_STATUS(paycode_registry_load((const uint8_t *)REGISTRY_DOC, strlen(REGISTRY_DOC), &h,
                                       out, sizeof out, NULL),
                 PAYCODE_INVALID_ARGUMENT);
    CHECK(h == NULL);
}

/* Every function is thread-safe: threads decoding and drawing at once get what one does. */
static PaycodeRegistry *shared_registry = NULL;

static void *worker(void *arg) {
    int *ok = arg;
    *ok = 1;
    for (int i = 0; i < 20; i++) {
        uint8_t out[4096];
        size_t written = 0;
        /* One registry, every thread at once. */
        if (paycode_registry_decode(shared_registry, (const uint8_t *)NUMERIC, strlen(NUMERIC), 0,
                                    out, sizeof out, &written) != PAYCODE_OK ||
            !contains(out, written, "campus-card"))
            *ok = 0;
        if (paycode_decode((const uint8_t *)EMV, strlen(EMV), 0, out, sizeof out, &written) !=
                PAYCODE_OK ||
            !contains(out, written, "BEST TRANSPORT"))
            *ok = 0;
        if (paycode_route((const uint8_t *)"unionpay", 8, (const uint8_t *)WXP, strlen(WXP), out,
                          sizeof out, &written) != PAYCODE_OK)
            *ok = 0;
    }
    return NULL;
}

static void test_threads(void) {
    pthread_t threads[4];
    int ok[4];
    shared_registry = load_registry(REGISTRY_DOC);
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&threads[i], NULL, worker, &ok[i]) == 0);
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(ok[i] == 1);
    }
    paycode_registry_free(shared_registry);
}

int main(void) {
    test_version();
    test_decode_forms();
    test_buffer_sizing();
    test_null_pointers();
    test_not_utf8();
    test_one_megabyte();
    test_unified_round_trip();
    test_route();
    test_qr_svg();
    test_decode_many();
    test_to_unified_json();
    test_registry();
    test_threads();
    if (failures) {
        fprintf(stderr, "%d check(s) FAILED\n", failures);
        return 1;
    }
    printf("paycode %s: every C ABI check passed\n", paycode_version());
    return 0;
}
